// Imported first by run.ts, before anything loads the app's env module: the
// app logger would otherwise print info lines to stdout, which carries only
// result lines here.
process.env.LOG_LEVEL ??= "warn";
