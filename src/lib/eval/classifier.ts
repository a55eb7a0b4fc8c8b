/**
 * Multinomial logistic regression (softmax regression) trained by seeded mini-batch gradient descent with L2,
 * small enough to train in the browser on a few hundred embedding vectors (PubMedQA yes/no/maybe). Features
 * are standardised with the training mean and spread, so one learning rate suits any embedding model.
 */
import { mulberry32 } from './bootstrap';

export interface TrainOptions {
	/** Output classes, in a fixed order (the order of probabilities returned). */
	labels: readonly string[];
	/** L2 penalty on weights (not biases). */
	l2?: number;
	learningRate?: number;
	epochs?: number;
	batchSize?: number;
	/** Seeds the per-epoch shuffle, so a run is reproducible. */
	seed?: number;
	/** Weight each class by n / (k * n_class), so a rare class ("maybe") is not simply ignored. */
	balanceClasses?: boolean;
}

/** Plain data, so it can be stored as JSON and sent to a worker. */
export interface LogisticRegressionModel {
	labels: string[];
	/** One row of weights per label, over standardised features. */
	weights: number[][];
	bias: number[];
	featureMean: number[];
	featureScale: number[];
}

export interface TrainResult {
	model: LogisticRegressionModel;
	/** Mean training loss (weighted cross-entropy + L2 term) after each epoch. */
	lossHistory: number[];
}

export const DEFAULT_TRAIN_OPTIONS = { l2: 1e-3, learningRate: 0.1, epochs: 100, batchSize: 32, seed: 1, balanceClasses: false };

export function trainLogisticRegression(
	vectors: readonly ArrayLike<number>[],
	targets: readonly string[],
	options: TrainOptions
): TrainResult {
	const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
	const { labels, l2, learningRate, epochs, batchSize } = settings;
	const dimension = checkTrainingData(vectors, targets, labels);
	const { featureMean, featureScale } = standardisation(vectors, dimension);
	const inputs = vectors.map((vector) => standardise(vector, featureMean, featureScale));
	const classOf = targets.map((target) => labels.indexOf(target));
	const classWeight = settings.balanceClasses ? balancedWeights(classOf, labels.length) : labels.map(() => 1);

	const weights = labels.map(() => new Float64Array(dimension));
	const bias = new Float64Array(labels.length);
	const random = mulberry32(settings.seed);
	const order = inputs.map((_, index) => index);
	const lossHistory: number[] = [];

	for (let epoch = 0; epoch < epochs; epoch++) {
		shuffle(order, random);
		for (let start = 0; start < order.length; start += batchSize) {
			const batch = order.slice(start, start + batchSize);
			const weightGradient = labels.map(() => new Float64Array(dimension));
			const biasGradient = new Float64Array(labels.length);
			for (const index of batch) {
				const input = inputs[index]!;
				const probabilities = softmax(scores(weights, bias, input));
				const sampleWeight = classWeight[classOf[index]!]!;
				probabilities.forEach((probability, k) => {
					// d(cross-entropy)/d(score_k) = p_k - [k is the target]
					const error = (probability - (k === classOf[index] ? 1 : 0)) * sampleWeight;
					biasGradient[k]! += error;
					const row = weightGradient[k]!;
					for (let d = 0; d < dimension; d++) row[d]! += error * input[d]!;
				});
			}
			weights.forEach((row, k) => {
				const gradient = weightGradient[k]!;
				for (let d = 0; d < dimension; d++) row[d]! -= learningRate * (gradient[d]! / batch.length + l2 * row[d]!);
				bias[k]! -= (learningRate * biasGradient[k]!) / batch.length;
			});
		}
		lossHistory.push(meanLoss(weights, bias, inputs, classOf, classWeight, l2));
	}
	return {
		model: { labels: [...labels], weights: weights.map((row) => [...row]), bias: [...bias], featureMean, featureScale },
		lossHistory
	};
}

/** Class probabilities in `model.labels` order. */
export function predictProbabilities(model: LogisticRegressionModel, vector: ArrayLike<number>): number[] {
	if (vector.length !== model.featureMean.length) {
		throw new RangeError(`vector has ${vector.length} dimensions; the model expects ${model.featureMean.length}`);
	}
	return softmax(scores(model.weights, model.bias, standardise(vector, model.featureMean, model.featureScale)));
}

/** The most probable label (the first one on a tie). */
export function predictLabel(model: LogisticRegressionModel, vector: ArrayLike<number>): string {
	const probabilities = predictProbabilities(model, vector);
	const best = probabilities.reduce((bestIndex, probability, index) => (probability > probabilities[bestIndex]! ? index : bestIndex), 0);
	return model.labels[best]!;
}

function checkTrainingData(vectors: readonly ArrayLike<number>[], targets: readonly string[], labels: readonly string[]): number {
	if (labels.length < 2) throw new RangeError('a classifier needs at least two labels');
	if (vectors.length === 0) throw new RangeError('no training vectors');
	if (vectors.length !== targets.length) throw new RangeError(`${vectors.length} vectors but ${targets.length} targets`);
	const dimension = vectors[0]!.length;
	if (dimension === 0) throw new RangeError('training vectors are empty');
	vectors.forEach((vector, index) => {
		if (vector.length !== dimension) throw new RangeError(`vector ${index} has ${vector.length} dimensions, expected ${dimension}`);
		for (let d = 0; d < dimension; d++) {
			if (!Number.isFinite(vector[d]!)) throw new RangeError(`vector ${index} has a non-finite value at dimension ${d}`);
		}
	});
	const unknown = targets.findIndex((target) => !labels.includes(target));
	if (unknown >= 0) throw new RangeError(`target ${unknown} is "${targets[unknown]}", not one of ${labels.join(', ')}`);
	return dimension;
}

function standardisation(vectors: readonly ArrayLike<number>[], dimension: number) {
	const featureMean = new Array<number>(dimension).fill(0);
	const featureScale = new Array<number>(dimension).fill(0);
	for (const vector of vectors) for (let d = 0; d < dimension; d++) featureMean[d]! += vector[d]! / vectors.length;
	for (const vector of vectors)
		for (let d = 0; d < dimension; d++) featureScale[d]! += (vector[d]! - featureMean[d]!) ** 2 / vectors.length;
	// A constant feature carries no information; scale 1 keeps it at zero instead of dividing by zero.
	return { featureMean, featureScale: featureScale.map((variance) => (variance > 0 ? Math.sqrt(variance) : 1)) };
}

function standardise(vector: ArrayLike<number>, mean: readonly number[], scale: readonly number[]): Float64Array {
	const result = new Float64Array(mean.length);
	for (let d = 0; d < mean.length; d++) result[d] = (vector[d]! - mean[d]!) / scale[d]!;
	return result;
}

function scores(weights: readonly ArrayLike<number>[], bias: ArrayLike<number>, input: Float64Array): number[] {
	return weights.map((row, k) => {
		let total = bias[k]!;
		for (let d = 0; d < input.length; d++) total += row[d]! * input[d]!;
		return total;
	});
}

/** Subtracting the maximum keeps exp() from overflowing on large scores. */
function softmax(values: readonly number[]): number[] {
	const max = Math.max(...values);
	const exps = values.map((value) => Math.exp(value - max));
	const total = exps.reduce((sum, value) => sum + value, 0);
	return exps.map((value) => value / total);
}

function balancedWeights(classOf: readonly number[], labelCount: number): number[] {
	const counts = new Array<number>(labelCount).fill(0);
	classOf.forEach((k) => (counts[k]! += 1));
	return counts.map((count) => (count === 0 ? 0 : classOf.length / (labelCount * count)));
}

function meanLoss(
	weights: readonly Float64Array[],
	bias: Float64Array,
	inputs: readonly Float64Array[],
	classOf: readonly number[],
	classWeight: readonly number[],
	l2: number
): number {
	let loss = 0;
	inputs.forEach((input, index) => {
		const probability = softmax(scores(weights, bias, input))[classOf[index]!]!;
		loss -= classWeight[classOf[index]!]! * Math.log(Math.max(probability, 1e-300));
	});
	const penalty = weights.reduce((sum, row) => sum + row.reduce((rowSum, w) => rowSum + w * w, 0), 0);
	return loss / inputs.length + (l2 / 2) * penalty;
}

/** Fisher-Yates with the seeded generator. */
function shuffle(values: number[], random: () => number): void {
	for (let i = values.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[values[i], values[j]] = [values[j]!, values[i]!];
	}
}
