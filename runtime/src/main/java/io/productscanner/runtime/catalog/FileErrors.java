package io.productscanner.runtime.catalog;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Plain words for the I/O failures of file catalogs. */
final class FileErrors {
    private FileErrors() {}

    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case CharacterCodingException coding -> "not valid UTF-8";
            // the reason alone: the exception's text repeats the file's full path
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> e.getClass().getSimpleName();
        };
    }
}
