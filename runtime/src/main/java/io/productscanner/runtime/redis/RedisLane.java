package io.productscanner.runtime.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads' own Redis connection for the script they run once per job. Lettuce's shared connection hands
 * every call to its event loop and every reply back to the waiting thread; here the calling threads write their
 * calls themselves, and whichever of them is waiting reads the replies for all (leader and followers): the first
 * waiter to take the read lock reads replies in order, hands each to its caller, and stops at its own; the next
 * waiter takes over. Calls of several threads in flight at once reach Redis and come back in one write each way,
 * and no thread sits between the callers and the socket. Plain TCP only (see {@link #supports}). Connects on first
 * use and again after a broken connection; a broken connection fails every call in flight on it.
 */
public final class RedisLane implements AutoCloseable {
    /** How long a waiting follower sleeps before checking whether it should read (a missed hand-over costs this). */
    private static final long FOLLOWER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Between attempts to connect while Redis is away. */
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RedisURI uri;
    private final LongAdder calls;
    /** Held while a call is written (with its place in the order of replies), and while connecting. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Held by the thread reading replies. */
    private final ReentrantLock readLock = new ReentrantLock();
    private final RespWriter writer = new RespWriter();
    private volatile Link link;
    private volatile boolean closed;

    private RedisLane(RedisURI uri, LongAdder calls) {
        this.uri = uri;
        this.calls = calls;
    }

    /**
     * A lane to the Redis {@code uri} names, or empty when a lane cannot reach it the way Lettuce would (TLS,
     * Sentinel, a Unix socket, or rotating credentials).
     *
     * @param calls counts the calls made, each one round trip (benchmarks read it)
     */
    static Optional<RedisLane> open(RedisURI uri, LongAdder calls) {
        return supports(uri) ? Optional.of(new RedisLane(uri, calls)) : Optional.empty();
    }

    /**
     * Whether a lane can talk to this Redis: a plain TCP host and port, with credentials given once (a provider
     * that streams rotating credentials is left to Lettuce).
     */
    static boolean supports(RedisURI uri) {
        return !uri.isSsl() && uri.getSocket() == null && uri.getSentinels().isEmpty() && uri.getHost() != null
                && (uri.getCredentialsProvider() == null || !uri.getCredentialsProvider().supportsStreaming());
    }

    /**
     * Runs a loaded script by its digest and returns its reply: a Lua table as a {@code List}, an integer as a
     * {@code Long}, a string as a {@code String}, nil as null. {@link RedisScript#run(RedisLane, String[], String[])}
     * loads the script when Redis does not know it.
     *
     * @throws RedisNoScriptException when this Redis does not know the script
     * @throws RedisConnectionException when the connection broke (the call may or may not have run)
     * @throws RedisCommandTimeoutException when no reply came within the URI's timeout (the connection is dropped)
     * @throws RedisCommandExecutionException when the script failed
     */
    public Object evalsha(String digest, String[] keys, String[] args) {
        return call(evalshaArguments(digest, keys, args));
    }

    /** Loads a script into Redis's script cache. */
    public void scriptLoad(String source) {
        call(new String[]{"SCRIPT", "LOAD", source});
    }

    private static String[] evalshaArguments(String digest, String[] keys, String[] args) {
        String[] command = new String[3 + keys.length + args.length];
        command[0] = "EVALSHA";
        command[1] = digest;
        command[2] = Integer.toString(keys.length);
        System.arraycopy(keys, 0, command, 3, keys.length);
        System.arraycopy(args, 0, command, 3 + keys.length, args.length);
        return command;
    }

    private Object call(String[] command) {
        Call call = new Call(Thread.currentThread());
        writeLock.lock();
        try {
            if (closed) {
                throw new RedisConnectionException("Redis lane closed");
            }
            Link current = link;
            if (current == null) {
                current = connect();
                link = current;
            }
            call.link = current;
            // queued before it is written: replies come back in the order calls were written
            current.pending.add(call);
            calls.increment();
            try {
                writer.write(current.out, command);
            } catch (IOException e) {
                current.fail(broken(e));
            }
        } finally {
            writeLock.unlock();
        }
        awaitReply(call);
        return call.result();
    }

    /**
     * Waits for the call's reply: reads replies while no one else does, else sleeps until handed its reply. An
     * interrupt does not end the wait (the call is on the wire; its reply comes within the timeout) but is kept.
     */
    private void awaitReply(Call call) {
        boolean interrupted = false;
        while (!call.done) {
            if (readLock.tryLock()) {
                try {
                    readUntilDone(call);
                } finally {
                    readLock.unlock();
                }
                wakeNextReader(call.link);
            } else {
                LockSupport.parkNanos(this, FOLLOWER_PARK_NANOS);
                // cleared while waiting, or every park would return at once
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads replies in order, handing each to its call, until {@code call} has its own. */
    private void readUntilDone(Call call) {
        Link current = call.link;
        while (!call.done) {
            Object reply;
            RedisException error = null;
            try {
                reply = current.reader.read();
            } catch (RedisCommandExecutionException e) {
                reply = null;
                error = e;
            } catch (SocketTimeoutException e) {
                current.fail(new RedisCommandTimeoutException("no reply from Redis within "
                        + uri.getTimeout().toMillis() + " ms"));
                return;
            } catch (IOException e) {
                current.fail(broken(e));
                return;
            } catch (RuntimeException e) {
                current.fail(new RedisConnectionException("Redis lane could not read a reply: " + e, e));
                return;
            }
            current.complete(reply, error);
        }
    }

    /** After a reader stops, wakes the oldest waiting caller to read on (it may be parked). */
    private void wakeNextReader(Link readOn) {
        Call next = readOn.pending.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
        Link current = link;
        if (current != null && current != readOn && (next = current.pending.peek()) != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    private RedisConnectionException broken(IOException e) {
        return new RedisConnectionException("Redis lane to " + uri.getHost() + ":" + uri.getPort() + " broke: "
                + e.getMessage(), e);
    }

    /**
     * Connects, trying again for up to the URI's timeout while Redis refuses or cannot be reached (a restart), as
     * Lettuce's shared connection holds its commands until it is back.
     */
    private Link connect() {
        long deadline = System.nanoTime() + uri.getTimeout().toNanos();
        while (true) {
            try {
                return connectOnce();
            } catch (RedisConnectionException e) {
                if (closed || System.nanoTime() + RECONNECT_PAUSE_NANOS > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(this, RECONNECT_PAUSE_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    private Link connectOnce() {
        Socket socket = new Socket();
        try {
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, uri.getTimeout().toMillis());
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            Link connected = new Link(socket);
            // no call is queued on the new link yet: the set-up replies are read here, in order
            for (String[] setUp : setUpCommands()) {
                writer.write(connected.out, setUp);
                connected.reader.read();
            }
            return connected;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RedisConnectionException("cannot connect a Redis lane to " + uri.getHost() + ":"
                    + uri.getPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private List<String[]> setUpCommands() {
        List<String[]> commands = new ArrayList<>();
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider != null) {
            RedisCredentials credentials =
                    provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate
                            ? immediate.resolveCredentialsNow()
                            : provider.resolveCredentials().block(uri.getTimeout());
            if (credentials != null && credentials.hasPassword()) {
                String password = new String(credentials.getPassword());
                commands.add(credentials.hasUsername() ? new String[]{"AUTH", credentials.getUsername(), password}
                        : new String[]{"AUTH", password});
            }
        }
        if (uri.getDatabase() != 0) {
            commands.add(new String[]{"SELECT", Integer.toString(uri.getDatabase())});
        }
        return commands;
    }

    /** Ends the lane; calls in flight fail with a {@link RedisConnectionException}, later calls too. */
    @Override
    public void close() {
        closed = true;
        Link current = link;
        if (current != null) {
            current.fail(new RedisConnectionException("Redis lane closed"));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing more to do
        }
    }

    /** One connection: its socket, and the calls written to it that wait for their replies, oldest first. */
    private final class Link {
        private final Socket socket;
        private final OutputStream out;
        private final RespReader reader;
        private final ConcurrentLinkedQueue<Call> pending = new ConcurrentLinkedQueue<>();
        /** Set once, under this link's monitor: no reply is handed out after it. */
        private boolean broken;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.reader = new RespReader(socket.getInputStream());
        }

        /** Hands a reply to the oldest call waiting. */
        synchronized void complete(Object reply, RedisException error) {
            if (broken) {
                return;
            }
            Call oldest = pending.poll();
            if (oldest == null) {
                fail(new RedisConnectionException("Redis lane got a reply no call was waiting for"));
                return;
            }
            oldest.finish(reply, error);
        }

        /** Closes the connection and fails every call waiting on it; the next call connects anew. */
        synchronized void fail(RedisException failure) {
            broken = true;
            closeQuietly(socket);
            if (link == this) {
                link = null;
            }
            for (Call call = pending.poll(); call != null; call = pending.poll()) {
                call.finish(null, failure);
            }
        }
    }

    /** A call in flight: who waits for it, and its reply once read. */
    private static final class Call {
        private final Thread waiter;
        private Link link;
        private Object reply;
        private RedisException error;
        /** Written last: reply and error are visible once it reads true. */
        private volatile boolean done;

        Call(Thread waiter) {
            this.waiter = waiter;
        }

        void finish(Object reply, RedisException error) {
            this.reply = reply;
            this.error = error;
            done = true;
            if (waiter != Thread.currentThread()) {
                LockSupport.unpark(waiter);
            }
        }

        Object result() {
            if (error != null) {
                throw error;
            }
            return reply;
        }
    }
}
