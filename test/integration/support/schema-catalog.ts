import { query } from '../../support/postgres-query.ts'

/**
 * A database's schema as sorted lines, in the format of the catalogs made from the app's own
 * migrations (`app-schema-*.catalog.txt`): `C|table|column|type|nullable|default` for columns,
 * `I|table|index|definition` for indexes, `K|table|constraint|definition` for constraints.
 */
export async function schemaCatalog(url: string): Promise<string[]> {
  const rows = await query<{ line: string }>(
    url,
    `SELECT concat_ws('|', 'C', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                      CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END,
                      coalesce(pg_get_expr(d.adbin, d.adrelid), '')) AS line
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped
     UNION ALL
     SELECT concat_ws('|', 'I', tablename, indexname, indexdef) FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL
     SELECT concat_ws('|', 'K', c.relname, k.conname, pg_get_constraintdef(k.oid))
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'`,
  )
  return rows.map((row) => row.line).sort()
}
