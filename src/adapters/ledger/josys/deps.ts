import type { HttpDeps } from '../../http-deps';

export interface JosysDeps extends HttpDeps {
  /** dates sent to Josys (assignment start/end) are calendar dates in this zone; default Asia/Tokyo */
  timeZone?: string;
  now?: () => Date;
}
