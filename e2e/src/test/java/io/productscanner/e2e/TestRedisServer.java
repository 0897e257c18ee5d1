package io.productscanner.e2e;

import redis.embedded.RedisServer;

import java.io.IOException;

/** A real redis-server on a free loopback port, shared by the processes of one test. */
final class TestRedisServer implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    TestRedisServer() throws IOException {
        this.port = ScannerProcessHandle.freePort();
        this.server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly no")
                .setting("save \"\"").build();
        server.start();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
