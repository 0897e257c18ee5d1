package io.productscanner.e2e;

import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.testing.ProductionLikeRedis;
import java.io.IOException;

/**
 * A real redis-server on a free loopback port, shared by the processes of one test, reached as an external Redis
 * through {@code REDIS_URL}: the runtime's embedded Redis (the system's redis-server, a password, dangerous commands
 * refused), or for the tests where the Redis production runs matters, {@link #likeProduction()}.
 */
final class TestRedisServer implements AutoCloseable {
    private final EmbeddedRedis embedded;
    private final ProductionLikeRedis productionLike;

    TestRedisServer() throws IOException {
        this.embedded = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().onPort(ScannerProcessHandle.freePort()));
        this.productionLike = null;
    }

    private TestRedisServer(ProductionLikeRedis productionLike) {
        this.embedded = null;
        this.productionLike = productionLike;
    }

    /** The Redis 7 production runs, in a container where Docker is, else the local one ({@link ProductionLikeRedis}). */
    static TestRedisServer likeProduction() throws IOException {
        return new TestRedisServer(ProductionLikeRedis.start());
    }

    /** {@code redis://<password>@127.0.0.1:<port>}, for {@code REDIS_URL}. */
    String url() {
        return embedded != null ? embedded.url() : productionLike.url();
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        } else {
            productionLike.close();
        }
    }
}
