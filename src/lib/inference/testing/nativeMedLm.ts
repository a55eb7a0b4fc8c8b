/**
 * The committed bedside/med-lm in Node (Transformers.js on onnxruntime-node) with its ONNX session wrapped as a
 * CausalSession: what the decode-loop and KV-cache tests run on (real model, no fake).
 */
import { env, pipeline, Tensor, type TextGenerationPipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { CausalSession, type DecoderModelLike, type OrtTensorLike } from '../generation/causalSession';

const ROOT = join(import.meta.dirname, '../../../..');

export async function loadNativeMedLm(): Promise<{ pipe: TextGenerationPipeline; session: CausalSession }> {
	env.allowRemoteModels = false;
	env.localModelPath = join(ROOT, 'models') + '/';
	const pipe = (await pipeline('text-generation', 'bedside/med-lm', { device: 'cpu', dtype: 'q8' })) as TextGenerationPipeline;
	const session = CausalSession.fromModel(
		pipe.model as unknown as DecoderModelLike,
		(type, data, dims) => new Tensor(type, data, dims).ort_tensor as unknown as OrtTensorLike
	);
	if (!session) throw new Error('bedside/med-lm should be in the standard decoder layout');
	return { pipe, session };
}
