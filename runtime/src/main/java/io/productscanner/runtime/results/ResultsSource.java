package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;

/** A job's stored product results, in scan order, each as the results API shows it. */
public interface ResultsSource {
    long total();

    /** Results {@code offset .. offset+limit-1}; fewer at the end. */
    List<JsonNode> read(long offset, long limit);

    /** Every result, read as the stream is consumed; close it when done. */
    Stream<JsonNode> all();
}
