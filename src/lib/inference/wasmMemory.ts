/**
 * The size of ONNX Runtime's WASM heap, for the memory a loaded model takes. ORT does not expose its
 * WebAssembly.Memory, so the worker notes every Memory that a WASM module imports or exports as it is
 * instantiated (installed once, before ORT starts). A heap only grows: a load's growth is what it took.
 */
/** Each memory seen, with its size when it was first seen (ORT's heap before any session). */
const memories = new Map<WebAssembly.Memory, number>();
let isInstalled = false;

function note(value: unknown): void {
	if (value instanceof WebAssembly.Memory && !memories.has(value)) memories.set(value, value.buffer.byteLength);
}

function noteAll(imports: unknown, instance: WebAssembly.Instance | undefined): void {
	if (imports && typeof imports === 'object') {
		for (const module of Object.values(imports as Record<string, unknown>)) {
			if (module && typeof module === 'object') for (const value of Object.values(module as Record<string, unknown>)) note(value);
		}
	}
	if (instance) for (const value of Object.values(instance.exports)) note(value);
}

/** Wraps WebAssembly.instantiate / instantiateStreaming to see the memories; idempotent. */
export function watchWasmMemory(): void {
	if (isInstalled || typeof WebAssembly === 'undefined') return;
	isInstalled = true;
	const instantiate = WebAssembly.instantiate.bind(WebAssembly);
	WebAssembly.instantiate = (async (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
		const result = await instantiate(source as BufferSource, imports);
		noteAll(imports, 'instance' in result ? result.instance : (result as WebAssembly.Instance));
		return result;
	}) as typeof WebAssembly.instantiate;
	const streaming = WebAssembly.instantiateStreaming?.bind(WebAssembly);
	if (streaming) {
		WebAssembly.instantiateStreaming = async (source, imports) => {
			const result = await streaming(source, imports);
			noteAll(imports, result.instance);
			return result;
		};
	}
}

/** Bytes of all WASM heaps seen so far, or null when none was seen (hook not installed, WebGPU-only). */
export function wasmHeapBytes(): number | null {
	if (memories.size === 0) return null;
	let total = 0;
	for (const memory of memories.keys()) total += memory.buffer.byteLength;
	return total;
}

/** What the heaps held when ONNX Runtime started, before any session: the base of the first load's growth. */
export function wasmHeapStartBytes(): number | null {
	if (memories.size === 0) return null;
	let total = 0;
	for (const bytes of memories.values()) total += bytes;
	return total;
}
