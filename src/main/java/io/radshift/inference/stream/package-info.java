/**
 * The Kafka Streams inference stage: {@code studies} (StudyEvent) to {@code study-inferences} (StudyInference) and
 * the dead-letter topic. {@code topology.InferenceStage} wires it;
 * {@link io.radshift.inference.stream.InferenceProcessor} micro-batches studies through a changelogged buffer store
 * so that exactly-once holds across crashes and scores them with the Kafka-free
 * {@link io.radshift.inference.ImageScorer}; {@link io.radshift.inference.stream.ImageSource} turns a study's inline
 * bytes or image URI into its input, {@link io.radshift.inference.stream.StudyInferences} its result into the Avro
 * StudyInference.
 */
package io.radshift.inference.stream;
