package io.productscanner.plugin.extract;

import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node run over plain maps, as the runtime hands one to a plugin node; it keeps what the node put. */
final class RecordedRun implements NodeRun {
    final Map<String, Object> data = new HashMap<>();
    final List<Double> progress = new ArrayList<>();
    private final Map<String, Object> params;
    private final Map<String, Object> config;
    private final List<PlatformPlugin> platforms;

    RecordedRun(Map<String, Object> params, Map<String, Object> config, List<PlatformPlugin> platforms) {
        this.params = params;
        this.config = config;
        this.platforms = platforms;
    }

    @Override
    public String jobId() {
        return "job-1";
    }

    @Override
    public String queue() {
        return "extract";
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Optional<Object> data(String name) {
        return Optional.ofNullable(data.get(name));
    }

    @Override
    public void put(String name, Object value) {
        data.put(name, value);
    }

    @Override
    public List<PlatformPlugin> platforms() {
        return platforms;
    }

    @Override
    public void progress(double fraction) {
        progress.add(fraction);
    }
}
