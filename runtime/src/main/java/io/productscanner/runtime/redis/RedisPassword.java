package io.productscanner.runtime.redis;

import io.productscanner.runtime.logging.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The embedded Redis's password: 32 random bytes, base64url. {@code serve} keeps it in {@code DATA_DIR/redis-password}
 * (owner-only, 0600) so a restart, and an operator's {@code redis-cli}, use the same one; a file others could read,
 * or one that holds no such password, is replaced by a new one.
 */
public final class RedisPassword {
    private static final System.Logger LOG = System.getLogger(RedisPassword.class.getName());
    /** Its file's name under the data folder. */
    public static final String FILE_NAME = "redis-password";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43,}");
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisPassword() {}

    /** A fresh password, kept nowhere (a throwaway Redis's, which ends with its process). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The password in {@code dataDir}'s file, written there first (owner-only) when missing or unfit. */
    public static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            // Latin-1 reads any bytes; what is no generated password is replaced below
            String kept = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
            if (!ownerOnly(file)) {
                LogEvent.warn(
                        LOG,
                        "embedded_redis.password_replaced",
                        "file",
                        file.toAbsolutePath(),
                        "reason",
                        "others have access to it (" + permissions(file) + ")");
            } else if (!WELL_FORMED.matcher(kept).matches()) {
                LogEvent.warn(
                        LOG,
                        "embedded_redis.password_replaced",
                        "file",
                        file.toAbsolutePath(),
                        "reason",
                        "it holds no generated password");
            } else {
                return kept;
            }
        }
        String password = generate();
        write(file, password);
        LogEvent.info(LOG, "embedded_redis.password_created", "file", file.toAbsolutePath());
        return password;
    }

    /** What a redis.conf ACL rule takes instead of the password itself: {@code #} and its SHA-256 in hex. */
    static String aclHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Written to a file that is owner-only from its creation, then moved over the old one. */
    private static void write(Path file, String password) throws IOException {
        Path directory = file.getParent();
        boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
        Path temporary = posix
                ? Files.createTempFile(
                        directory, "." + FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, "." + FILE_NAME, ".tmp");
        try {
            Files.writeString(temporary, password + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean ownerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return view == null
                || view.readAttributes().permissions().stream()
                        .allMatch(permission -> permission.name().startsWith("OWNER_"));
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
