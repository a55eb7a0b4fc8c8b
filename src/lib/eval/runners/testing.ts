/** A scripted InferClient for runner tests: each request answered by a function of its input; every call recorded. */
import type { TaskInput, TaskOutput } from '../../inference/protocol';
import type { InferClient } from '../../inference/capabilities';

export function fakeClient(answer: (input: TaskInput) => TaskOutput): InferClient & { calls: TaskInput[] } {
	const calls: TaskInput[] = [];
	return {
		calls,
		async infer(_modelId, input) {
			calls.push(input);
			return { output: answer(input), ms: 1 };
		}
	};
}
