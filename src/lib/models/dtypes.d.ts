/** Types for dtypes.js (shared with the Node scripts, hence plain JS). */
export type Dtype = 'fp32' | 'fp16' | 'int8' | 'uint8' | 'q8' | 'q4' | 'q4f16' | 'bnb4';
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>>;
export function dtypeOfFile(path: string, names?: readonly string[]): Dtype | null;
