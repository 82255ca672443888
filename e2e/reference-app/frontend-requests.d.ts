/** Types of frontend-requests.js, for the tests that import it. */
export interface DateRange {
  start: string
  end: string
}

export interface DataRequest extends DateRange {
  kind: string
  origin: 'unified' | 'page hook' | 'pdl'
  path: string
}

export function yearlyChunks(start: string, end: string): DateRange[]

export function dataRequests(
  pdl: { usage_point_id: string; has_consumption: boolean; has_production: boolean },
  now?: Date,
): DataRequest[]

export function clientDataRequests(
  pdl: { usage_point_id: string; has_consumption: boolean; has_production: boolean },
  now?: Date,
): DataRequest[]
