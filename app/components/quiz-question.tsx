// One quiz question as plain form controls (radio or checkboxes): no answer
// key is ever part of these props.
import { useT } from "~/hooks";

export interface PublicQuestion {
  id: string;
  type: "single" | "multiple" | "truefalse";
  text: string;
  options: { id: string; text: string }[];
}

export function QuizQuestionField({ question, n, chosen, error }: { question: PublicQuestion; n: number; chosen: string[]; error?: boolean }) {
  const t = useT();
  const type = question.type === "multiple" ? "checkbox" : "radio";
  const hint = question.type === "multiple" ? t("quiz.multiple") : question.type === "truefalse" ? t("quiz.truefalse") : t("quiz.single");
  return (
    <fieldset className="question" aria-invalid={error ? true : undefined} id={`question-${question.id}`}>
      <legend>
        {t("quiz.question", { n })}. {question.text}
      </legend>
      <p className="hint">{hint}</p>
      {question.options.map((o) => {
        const id = `q-${question.id}-${o.id}`;
        const label = question.type === "truefalse" ? (o.id === "true" ? t("quiz.true") : t("quiz.false")) : o.text;
        return (
          <div className="option" key={o.id}>
            <input id={id} type={type} name={`q.${question.id}`} value={o.id} defaultChecked={chosen.includes(o.id)} />
            <label htmlFor={id}>{label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
