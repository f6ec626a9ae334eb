// The components an author may use, with their props, read from the one
// allow-list (app/content/schema.ts) so the palette can never offer something
// the guard refuses.
import { COMPONENT_NAMES, componentPropSchemas } from "~/content/schema";

const SNIPPETS: Record<(typeof COMPONENT_NAMES)[number], string> = {
  Callout: '<Callout type="note" title="Lưu ý">\n\nNội dung.\n\n</Callout>',
  CaseStudy: '<CaseStudy title="Tình huống">\n\nMô tả tình huống và câu hỏi.\n\n</CaseStudy>',
  Checklist: '<Checklist title="Cần kiểm tra">\n\n- Việc thứ nhất\n- Việc thứ hai\n\n</Checklist>',
  Steps: '<Steps title="Các bước">\n\n1. Bước một\n2. Bước hai\n\n</Steps>',
  Figure: '<Figure src="/media/…" alt="Mô tả ảnh" caption="Chú thích" />',
  Term: '<Term definition="Giải thích ngắn">thuật ngữ</Term>',
  Quiz: "<Quiz />",
  Video: '<Video youtube="mã-11-ký-tự" title="Tên video" />',
};

export function palette() {
  return COMPONENT_NAMES.map((name) => {
    const shape = componentPropSchemas[name].shape as Record<string, { isOptional(): boolean }>;
    return {
      name,
      props: Object.entries(shape).map(([prop, schema]) => ({ name: prop, required: !schema.isOptional() })),
      snippet: SNIPPETS[name],
    };
  });
}
