// The one component map lessons are rendered with (at import time, to static
// HTML). Plain semantic HTML with mdx-* classes (styled in app/styles/content.css),
// so lessons read well without JavaScript on any phone.
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import type { ComponentProps } from "./schema";

type WithChildren<P> = P & { children?: ReactNode };

const CALLOUT_LABELS = { note: "Lưu ý", warning: "Cảnh báo", tip: "Mẹo" } as const;

/** A boxed block: a label ("Tình huống"), an optional title, then the Markdown inside. */
function BoxTitle({ label, title }: { label: string; title?: string }) {
  return (
    <h3 className="mdx-box-title">
      <span className="mdx-box-label">{label}</span>
      {title ? <span className="mdx-box-name">{title}</span> : null}
    </h3>
  );
}

export function Callout({ type, title, children }: WithChildren<ComponentProps["Callout"]>) {
  return (
    <aside className={`mdx-callout mdx-callout-${type}`}>
      <p className="mdx-callout-title">
        <strong className="mdx-box-label">{CALLOUT_LABELS[type]}</strong>
        {title ? <span className="mdx-box-name">{title}</span> : null}
      </p>
      {children}
    </aside>
  );
}

export function CaseStudy({ title, children }: WithChildren<ComponentProps["CaseStudy"]>) {
  return (
    <section className="mdx-box mdx-case">
      <BoxTitle label="Tình huống" title={title} />
      {children}
    </section>
  );
}

export function Checklist({ title, children }: WithChildren<ComponentProps["Checklist"]>) {
  return (
    <section className="mdx-box mdx-checklist">
      <BoxTitle label="Danh sách kiểm tra" title={title} />
      {children}
    </section>
  );
}

export function Steps({ title, children }: WithChildren<ComponentProps["Steps"]>) {
  return (
    <section className="mdx-box mdx-steps">
      <BoxTitle label="Các bước" title={title} />
      {children}
    </section>
  );
}

export function Figure({ src, alt, caption }: ComponentProps["Figure"]) {
  return (
    <figure className="mdx-figure">
      <img src={src} alt={alt} loading="lazy" decoding="async" />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}

// The definition is printed next to the term (muted) as well as in `title`:
// touch screens never show a tooltip.
export function Term({ definition, children }: WithChildren<ComponentProps["Term"]>) {
  return (
    <span className="mdx-term">
      <dfn title={definition}>{children}</dfn>
      <span className="mdx-term-definition"> ({definition})</span>
    </span>
  );
}

// The questions stay on the server; the lesson page owns the real link and
// gives it id="module-quiz", this notice points there.
export function Quiz() {
  return (
    <aside className="mdx-quiz">
      <p>
        <a className="mdx-quiz-link" href="#module-quiz">
          Làm bài kiểm tra của mô-đun
        </a>
      </p>
      <p className="mdx-quiz-note">Học xong các bài của mô-đun, bạn làm bài kiểm tra để được tính hoàn thành mô-đun.</p>
    </aside>
  );
}

// Only a link: no iframe, no player script, no thumbnail download on a 3G phone.
export function Video({ youtube, title }: ComponentProps["Video"]) {
  return (
    <p className="mdx-video">
      <a href={`https://www.youtube.com/watch?v=${youtube}`} rel="noopener noreferrer" target="_blank">
        ▶ Xem video: {title}
      </a>{" "}
      <span className="mdx-video-note">(YouTube, cần kết nối mạng)</span>
    </p>
  );
}

// Links leaving the site open without handing it our page (no window.opener).
function Anchor({ href, children, ...rest }: ComponentPropsWithoutRef<"a">) {
  const external = !!href && /^https?:\/\//i.test(href);
  return (
    <a href={href} {...rest} {...(external ? { rel: "noopener noreferrer", target: "_blank" } : {})}>
      {children}
    </a>
  );
}

// Wide tables scroll sideways on a phone instead of stretching the page.
function Table(props: ComponentPropsWithoutRef<"table">) {
  return (
    <div className="mdx-table">
      <table {...props} />
    </div>
  );
}

export const mdxComponents = {
  Callout,
  CaseStudy,
  Checklist,
  Steps,
  Figure,
  Term,
  Quiz,
  Video,
  a: Anchor,
  table: Table,
} satisfies Record<keyof ComponentProps, unknown> & Record<string, unknown>;
