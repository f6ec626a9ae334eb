import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { getUser } from "./auth/auth.server";
import { can } from "./auth/permissions.server";
import { isDatabaseDown } from "./db.server";
import { translator, type Locale, type MessageKey } from "./i18n";
import { getLocale } from "./i18n/locale.server";
import { inputFieldLabels } from "./i18n/input";
import { useNonce } from "./lib/nonce";
import { strippedFields } from "./lib/input-guard.server";
import { resolvePublicAddress } from "./models/public-address.server";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Học viện Kỹ năng CTXH" }];

// A one-tap attendance change (sent by a fetcher, see classes.$classId.sessions)
// changes nothing the layout shows: skip reloading it, so on a weak
// connection a tap is one request.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "attend" && formData.get("js") === "1" ? false : defaultShouldRevalidate;

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  // While the database is unreachable every page answers 503 until it is back.
  if (isDatabaseDown()) throw data({ locale }, { status: 503 });
  const user = await getUser(request);
  const nav = user
    ? {
        learn: true,
        progress: can(user, "progress:read"),
        certificates: can(user, "certificates:issue"),
        classes: can(user, "classes:read"),
        studio: can(user, "courses:author") || can(user, "courses:review"),
        dashboard: can(user, "targets:read"),
        people: can(user, "people:read"),
        approvals: can(user, "accounts:approve"),
        units: can(user, "units:read"),
        audit: can(user, "audit:read"),
      }
    : null;
  // The administrator is told while the public address is not settled (docs/decisions/013).
  const address = user?.roles.some((r) => r.role === "admin") ? await resolvePublicAddress() : null;
  const addressNotice = address && !address.settled ? { base: address.base } : null;
  const headers = new Headers();
  if (user?.refreshedCookie) headers.append("Set-Cookie", user.refreshedCookie);
  return data(
    {
      locale,
      // Fields of this request that lost control characters (lib/input-guard.server.ts).
      inputStripped: strippedFields(),
      user: user ? { name: user.account.displayName, roles: user.roles.map((r) => r.role) } : null,
      nav,
      addressNotice,
    },
    { headers },
  );
}

/**
 * Pages whose route sets `handle = { hydrate: false }` ship no JavaScript at
 * all: lessons and quizzes are read on cheap phones over 3G, and every form
 * on them works as plain HTML.
 */
function useHydrate() {
  return !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

function Shell({ locale, children }: { locale: Locale; children: ReactNode }) {
  const hydrate = useHydrate();
  // The page's Content-Security-Policy nonce (app/lib/csp.server.ts).
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d54" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function LocaleSwitch({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const location = useLocation();
  const next: Locale = locale === "vi" ? "en" : "vi";
  return (
    <Form method="post" action="/locale" className="locale-switch">
      <input type="hidden" name="locale" value={next} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" lang={next} aria-label={t("locale.switchTo")}>
        {t("locale.switch")}
      </button>
    </Form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? "vi";
  const t = translator(locale);
  const user = root?.user ?? null;
  const nav = root?.nav ?? null;
  const links: { to: string; label: MessageKey; show: boolean }[] = [
    { to: "/learn", label: "nav.learn", show: !!nav?.learn },
    { to: "/progress", label: "nav.progress", show: !!nav?.progress },
    { to: "/certificates", label: "nav.certificates", show: !!nav?.certificates },
    { to: "/classes", label: "nav.classes", show: !!nav?.classes },
    { to: "/studio", label: "nav.studio", show: !!nav?.studio },
    { to: "/dashboard", label: "nav.dashboard", show: !!nav?.dashboard },
    { to: "/people", label: "nav.people", show: !!nav?.people },
    { to: "/approvals", label: "nav.approvals", show: !!nav?.approvals },
    { to: "/units", label: "nav.units", show: !!nav?.units },
    { to: "/audit", label: "nav.audit", show: !!nav?.audit },
  ];
  return (
    <Shell locale={locale}>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          <LocaleSwitch locale={locale} />
        </div>
        {user ? (
          <nav aria-label={t("nav.menu")} className="site-nav">
            <NavLink to="/" end>
              {t("nav.home")}
            </NavLink>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <NavLink key={l.to} to={l.to}>
                  {t(l.label)}
                </NavLink>
              ))}
            <NavLink to="/account">{t("nav.account")}</NavLink>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </nav>
        ) : (
          <nav aria-label={t("nav.menu")} className="site-nav">
            <NavLink to="/login">{t("nav.login")}</NavLink>
            <NavLink to="/register">{t("nav.register")}</NavLink>
            <NavLink to="/verify">{t("nav.verify")}</NavLink>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {root?.inputStripped?.length ? (
          <p className="notice warning" role="alert">
            {t("input.stripped", { fields: root.inputStripped.map((f) => `«${inputFieldLabels[locale][f] ?? f}»`).join(", ") })}
          </p>
        ) : null}
        {root?.addressNotice ? (
          <div className="notice warning address-notice" role="status">
            <p>{root.addressNotice.base ? t("address.banner.lan", { base: root.addressNotice.base }) : t("address.banner.none")}</p>
            <p>
              <Link to="/certificates/bodies#dia-chi-cong-khai">{t("address.banner.fix")}</Link>
            </p>
          </div>
        ) : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.privacy")}</p>
      </footer>
    </Shell>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const t = translator(root?.locale ?? "vi");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [400, 403, 404, 429, 503].includes(status) ? status : 500;
  return (
    <div className="error-page">
      <p className="error-code">{status}</p>
      <h1>{t(`error.${known}.title` as MessageKey)}</h1>
      <p>{t(`error.${known}.body` as MessageKey)}</p>
      <p>
        <a href="/">{t("error.home")}</a>
      </p>
    </div>
  );
}
