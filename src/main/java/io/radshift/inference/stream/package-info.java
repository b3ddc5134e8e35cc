/**
 * The Kafka Streams inference stage: {@code studies} (StudyEvent) to {@code study-inferences} (StudyInference) and
 * the dead-letter topic. {@code topology.InferenceStage} wires it;
 * {@link io.radshift.inference.stream.InferenceProcessor} micro-batches studies through a changelogged buffer store
 * so that exactly-once holds across crashes; {@link io.radshift.inference.stream.StudyBatchScorer} is the Kafka-free
 * decode-and-score step.
 */
package io.radshift.inference.stream;
