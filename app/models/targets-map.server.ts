// Commune boundaries for the target map: imported from GeoJSON (features
// matched to communes by code, all or nothing), simplified once on import,
// and drawn on the server as SVG paths fitted to the box (no map library or
// tiles reach the browser).
import simplify from "@turf/simplify";
import { geoArea, geoMercator, geoPath } from "d3-geo";
import { and, eq, inArray, sql } from "drizzle-orm";
import { can, type Grantee } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { audit } from "~/models/audit.server";
import { adminUnits } from "../../db/schema";
import { unitBoundaries } from "../../db/tables/targets";

type Position = number[];
export type Geometry = { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };
export interface BoundaryFeature {
  code: string;
  geometry: Geometry;
}

// About 110 m: invisible at the size the map is drawn, and it cuts the
// official files (16 MB for Quảng Trị) to a few hundred kilobytes.
const TOLERANCE = 0.001;

/** Features with a unit code and a polygon geometry, from one parsed GeoJSON document. */
export function featuresOf(doc: unknown): BoundaryFeature[] {
  const out: BoundaryFeature[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const o = node as { type?: string; features?: unknown[]; properties?: Record<string, unknown>; geometry?: Geometry };
    if (o.type === "FeatureCollection" && Array.isArray(o.features)) o.features.forEach(visit);
    else if (o.type === "Feature" && o.geometry && (o.geometry.type === "Polygon" || o.geometry.type === "MultiPolygon")) {
      const props = o.properties ?? {};
      const code = props.code ?? props.ma ?? props.maXa ?? props.ma_xa;
      if (typeof code === "string" || typeof code === "number") out.push({ code: String(code).trim(), geometry: o.geometry });
    }
  };
  visit(doc);
  return out;
}

/** Fewer points, coordinates rounded to ~1 m, rings wound the way d3-geo expects (clockwise on the sphere). */
export function simplifyGeometry(geometry: Geometry): Geometry {
  const simplified = simplify({ type: "Feature", properties: {}, geometry } as never, { tolerance: TOLERANCE, highQuality: false, mutate: false }) as unknown as { geometry: Geometry };
  const round = (ring: Position[]) => ring.map(([x, y]) => [Math.round(x! * 1e5) / 1e5, Math.round(y! * 1e5) / 1e5]);
  const polygon = (rings: Position[][]) => {
    const rounded = rings.map(round);
    // GeoJSON (RFC 7946) winds exterior rings counter-clockwise; d3 reads that as "the rest of the globe".
    return geoArea({ type: "Polygon", coordinates: rounded }) > 2 * Math.PI ? rounded.map((r) => [...r].reverse()) : rounded;
  };
  const g = simplified.geometry;
  return g.type === "Polygon" ? { type: "Polygon", coordinates: polygon(g.coordinates) } : { type: "MultiPolygon", coordinates: g.coordinates.map(polygon) };
}

export type ImportResult = { ok: true; count: number; bytes: number } | { ok: false; unmatched: string[] } | { ok: false; empty: true };

/**
 * Stores the boundaries of communes the user may import for. Every feature
 * must match a current commune inside the user's scope; otherwise nothing is
 * written and the unmatched codes are returned.
 */
export async function importBoundaries(user: Grantee & { account: { id: number } }, features: BoundaryFeature[]): Promise<ImportResult> {
  // A province outline (level "province") may ride along in the same file: skip it.
  const codes = [...new Set(features.map((f) => f.code))];
  if (!codes.length) return { ok: false, empty: true };
  const units = await db
    .select({ id: adminUnits.id, code: adminUnits.code, level: adminUnits.level, path: adminUnits.path, provinceId: adminUnits.provinceId })
    .from(adminUnits)
    .where(inArray(adminUnits.code, codes));
  const byCode = new Map(units.map((u) => [u.code, u]));
  const communeFeatures = features.filter((f) => byCode.get(f.code)?.level !== "province");
  const unmatched = [...new Set(communeFeatures.filter((f) => {
    const u = byCode.get(f.code);
    return !u || u.level !== "commune" || !can(user, "boundaries:import", u.path);
  }).map((f) => f.code))].sort();
  if (unmatched.length) return { ok: false, unmatched };
  if (!communeFeatures.length) return { ok: false, empty: true };
  const rows = communeFeatures.map((f) => {
    const u = byCode.get(f.code)!;
    return { unitId: u.id, provinceId: u.provinceId!, geometry: simplifyGeometry(f.geometry), importedBy: user.account.id };
  });
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await tx
        .insert(unitBoundaries)
        .values(rows.slice(i, i + 200))
        .onConflictDoUpdate({ target: unitBoundaries.unitId, set: { geometry: sql`excluded.geometry`, provinceId: sql`excluded.province_id`, importedBy: sql`excluded.imported_by`, importedAt: sql`now()` } });
    }
    await audit({ actorId: user.account.id, action: "boundaries.imported", entityType: "unit_boundaries", unitId: rows[0]!.provinceId, after: { count: rows.length } }, tx);
  });
  return { ok: true, count: rows.length, bytes: rows.reduce((n, r) => n + JSON.stringify(r.geometry).length, 0) };
}

/** SVG paths for the communes of a province (or one commune) that have a boundary. */
export async function mapPaths(provinceId: number, communeIds: number[] | null, width = 560, height = 520) {
  const rows = await db
    .select({ unitId: unitBoundaries.unitId, geometry: unitBoundaries.geometry })
    .from(unitBoundaries)
    .where(and(eq(unitBoundaries.provinceId, provinceId), communeIds ? inArray(unitBoundaries.unitId, communeIds.length ? communeIds : [0]) : undefined));
  if (!rows.length) return [];
  const collection = { type: "FeatureCollection" as const, features: rows.map((r) => ({ type: "Feature" as const, properties: {}, geometry: r.geometry as Geometry })) };
  const projection = geoMercator().fitExtent([[4, 4], [width - 4, height - 4]], collection as never);
  const path = geoPath(projection).digits(1);
  return rows.map((r) => ({ unitId: r.unitId, d: path(r.geometry as never) ?? "" }));
}
