package io.productscanner.e2e;

import io.productscanner.runtime.redis.EmbeddedRedis;
import java.io.IOException;

/**
 * A real redis-server on a free loopback port, shared by the processes of one test: the runtime's embedded Redis
 * (the system's redis-server, a password, dangerous commands refused), reached as an external Redis through
 * {@code REDIS_URL}.
 */
final class TestRedisServer implements AutoCloseable {
    private final EmbeddedRedis server;

    TestRedisServer() throws IOException {
        this.server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().onPort(ScannerProcessHandle.freePort()));
    }

    /** {@code redis://<password>@127.0.0.1:<port>}, for {@code REDIS_URL}. */
    String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
    }
}
