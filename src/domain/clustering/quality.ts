/**
 * How well a clustering agrees with labels: pairwise precision, recall and F1 (over all pairs of records
 * that share a cluster or a label) and the Adjusted Rand Index (Hubert and Arabie, 1985), which is 0 for
 * a random grouping and 1 for the labels themselves.
 */
export interface ClusteringQuality {
  precision: number;
  recall: number;
  f1: number;
  adjustedRandIndex: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function sizes(assignment: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of assignment) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** `predicted[i]` and `expected[i]` are record i's cluster and label. */
export function measureClustering(predicted: readonly string[], expected: readonly string[]): ClusteringQuality {
  if (predicted.length !== expected.length) throw new RangeError('predicted and expected differ in length');
  const joint = sizes(predicted.map((cluster, index) => `${cluster}\u0000${expected[index]}`));
  let together = 0;
  for (const count of joint.values()) together += pairs(count);
  let predictedPairs = 0;
  for (const count of sizes(predicted).values()) predictedPairs += pairs(count);
  let expectedPairs = 0;
  for (const count of sizes(expected).values()) expectedPairs += pairs(count);

  const precision = predictedPairs === 0 ? 1 : together / predictedPairs;
  const recall = expectedPairs === 0 ? 1 : together / expectedPairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const chance = (predictedPairs * expectedPairs) / pairs(predicted.length || 1);
  const best = (predictedPairs + expectedPairs) / 2;
  const adjustedRandIndex = best === chance ? 1 : (together - chance) / (best - chance);
  return { precision, recall, f1, adjustedRandIndex };
}
