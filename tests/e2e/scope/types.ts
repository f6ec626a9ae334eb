// Types shared by the scope walk (tests/e2e/scope.spec.ts) and the per-feature
// case lists beside this file: each feature adds its routes' cases in its own
// file, so parallel work does not edit one list.

// Objects discovered from the demo data: for Quảng Trị users "own" is in
// Phường Đông Hà (Quảng Trị) and "foreign" in Phường Kim Long (Huế); for the
// Huế officer it is the other way round.
export interface Ids {
  qtProvince: string;
  hueProvince: string;
  dongHa: string;
  kimLong: string;
  dongHaPerson: string;
  kimLongPerson: string;
  qtLearnerAccount: string;
  hueLearnerAccount: string;
}

export type Who = "anonymous" | "learner" | "trainer" | "commune" | "province" | "admin" | "hueProvince";
export type Expect = number | "login" | "home" | "course";
export const COURSE = "ctxh-co-ban";
// Nobody is enrolled in this one by other browser tests.
export const OTHER_COURSE = "bvte-cong-dong";
export interface Case {
  path: string;
  /** The route pattern this case covers (as in app/routes.ts). */
  route: string;
  expect: Partial<Record<Who, Expect>> & { default: Expect };
}

