// A horizontally scrollable table container that keyboard users can reach.
import type { ReactNode } from "react";

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
