// "Học viên — Phường Đông Hà", one line per role assignment.
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";

export function RoleList({ roles }: { roles: { role: string; unit: string | null }[] }) {
  const t = useT();
  return (
    <>
      {roles.map((r, i) => (
        <div key={i}>
          {t(`role.${r.role}` as MessageKey)} — {r.unit ?? t("role.national")}
        </div>
      ))}
    </>
  );
}
