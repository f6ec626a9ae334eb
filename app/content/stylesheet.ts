// The one stylesheet of lesson content (app/content/components.tsx). Every page
// that shows compiled lesson HTML — the learner's lesson, quiz and result pages,
// the course page's introduction and the studio preview — links it through
// this descriptor, so a learner sees what the author previewed.
import contentCss from "~/styles/content.css?url";

export const contentStylesheet = { rel: "stylesheet", href: contentCss } as const;
