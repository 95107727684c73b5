package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The local directory a download writes into, and the rules that keep every file inside it whatever the remote
 * names say. Remote names are checked as text first ({@link #checkName}): no '..' or '.' or empty segment, no
 * leading '/', no backslash, no control character. Each local path is then resolved under the directory and must
 * stay below it. The directory itself must not be a symbolic link; a link below it is followed only when its real
 * path is inside the directory; the file written is never a link (it is renamed into place from a temporary file
 * next to it, which replaces a name and never writes through one). The directory's own parents are taken as given:
 * a build workspace may itself live under a link.
 */
final class LocalTarget {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final String display;

    /** @param root the directory the files go into; absolute or relative to the working directory */
    LocalTarget(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.display = root.toString();
    }

    Path root() {
        return root;
    }

    /**
     * Refuses a remote name that could lead anywhere but below the target: the check is on the text, before any
     * local path is made from it.
     *
     * @param relative the name relative to the source, '/' separated
     * @param source the download's source, for the message
     * @throws DatabricksException {@code UNSAFE_REMOTE_NAME} naming the source and the name
     */
    static String checkName(String relative, String source) {
        String why = null;
        if (relative == null || relative.isEmpty()) {
            why = "is empty";
        } else if (relative.startsWith("/")) {
            why = "is absolute";
        } else if (relative.indexOf('\\') >= 0) {
            why = "has a backslash";
        } else if (relative.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            why = "has a NUL or control character";
        } else {
            for (String segment : relative.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    why = "has an empty, '.' or '..' segment";
                    break;
                }
            }
        }
        if (why != null) {
            throw new DatabricksException("UNSAFE_REMOTE_NAME", "source '" + source + "' lists '" + printable(relative)
                    + "', which " + why + "; it could land outside the target, so nothing was downloaded");
        }
        return relative;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        if (s != null) {
            s.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        }
        return sb.toString();
    }

    /**
     * The local file for a checked name: lexically under the directory.
     *
     * @throws DatabricksException {@code UNSAFE_REMOTE_NAME} when it is not (a name this file system reads
     *         differently, such as a drive letter)
     */
    Path resolve(String relative, String source) {
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new DatabricksException("UNSAFE_REMOTE_NAME", "source '" + source + "' lists '" + printable(relative)
                    + "', which is not a valid local file name here (" + e.getReason() + "); nothing was downloaded");
        }
        if (!file.startsWith(root) || file.equals(root)) {
            throw new DatabricksException("UNSAFE_REMOTE_NAME", "source '" + source + "' lists '" + printable(relative)
                    + "', which resolves outside the target '" + display + "'; nothing was downloaded");
        }
        return file;
    }

    /**
     * Refuses the directory when it is a symbolic link or not a directory; fine when it does not exist yet.
     *
     * @throws IllegalArgumentException naming the target
     */
    void checkRoot() {
        if (Files.isSymbolicLink(root)) {
            throw new IllegalArgumentException("target '" + display + "' is a symbolic link; expected a directory"
                    + " (downloads never write through links)");
        }
        if (Files.exists(root, NO_FOLLOW) && !Files.isDirectory(root, NO_FOLLOW)) {
            throw new IllegalArgumentException("target '" + display + "' is a file; expected a directory for the"
                    + " downloaded files");
        }
    }

    /**
     * Everything that can be checked before the first download: the directories the file would be written
     * through (a link among them must lead inside the target), and the file itself (never a link or a directory;
     * an existing file only with overwrite).
     *
     * @param local the name relative to the target, for messages
     * @throws IllegalArgumentException naming the local path
     */
    void checkBefore(Path file, String local, boolean overwrite) {
        checkRoot();
        if (!Files.exists(root, NO_FOLLOW)) {
            return;
        }
        Path realRoot = real(root);
        Path at = root;
        for (Path segment : root.relativize(file.getParent() == null ? root : file.getParent())) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(segment);
            if (!Files.exists(at, NO_FOLLOW)) {
                return;
            }
            checkDirectory(at, realRoot);
        }
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException("target file '" + local + "' is a symbolic link; downloads never"
                    + " replace or write through links (remove it first)");
        }
        if (Files.isDirectory(file, NO_FOLLOW)) {
            throw new IllegalArgumentException("target file '" + local + "' is a directory; expected a file or"
                    + " nothing there");
        }
        if (Files.exists(file, NO_FOLLOW) && !overwrite) {
            throw new IllegalArgumentException("target file '" + local + "' exists; set overwrite to replace it");
        }
    }

    /** A directory on the way down: a real directory, or a link whose real path is a directory inside the target. */
    private void checkDirectory(Path dir, Path realRoot) {
        String shown = root.relativize(dir).toString().replace('\\', '/');
        if (Files.isSymbolicLink(dir)) {
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("target directory '" + shown + "' is a symbolic link that leads"
                        + " nowhere; downloads only follow links that stay inside the target");
            }
            if (!real.startsWith(realRoot)) {
                throw new IllegalArgumentException("target directory '" + shown + "' is a symbolic link to '" + real
                        + "', outside the target '" + display + "'; downloads only follow links that stay inside it");
            }
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("target directory '" + shown + "' is a link to a file; expected"
                        + " a directory");
            }
        } else if (!Files.isDirectory(dir, NO_FOLLOW)) {
            throw new IllegalArgumentException("target directory '" + shown + "' is a file; expected a directory");
        }
    }

    /**
     * Creates the file's directories one level at a time, checking each as {@link #checkBefore} does (another
     * process may have changed them since), and returns the real path of the file's directory, checked to be
     * inside the target: the temporary file and the final rename use it, so no link is followed after the check.
     */
    Path prepare(Path file) throws IOException {
        checkRoot();
        Files.createDirectories(root);
        Path realRoot = real(root);
        Path at = root;
        for (Path segment : root.relativize(file.getParent())) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(segment);
            try {
                Files.createDirectory(at);
            } catch (FileAlreadyExistsException e) {
                checkDirectory(at, realRoot);
            }
        }
        Path realParent = file.getParent().toRealPath();
        if (!realParent.startsWith(realRoot)) {
            throw new IllegalArgumentException("target directory '" + file.getParent() + "' leads to '" + realParent
                    + "', outside the target '" + display + "'");
        }
        return realParent;
    }

    /**
     * Moves a complete temporary file to its name in {@code dir} (a real path from {@link #prepare}). Without
     * overwrite an existing name fails; with it the name is replaced, a link by the file rather than through it.
     */
    static void place(Path temp, Path dir, String name, String local, boolean overwrite) throws IOException {
        Path file = dir.resolve(name);
        if (!overwrite) {
            try {
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException("target file '" + local + "' appeared during the download; set"
                        + " overwrite to replace it");
            }
            return;
        }
        if (Files.isSymbolicLink(file) || Files.isDirectory(file, NO_FOLLOW)) {
            throw new IllegalArgumentException("target file '" + local + "' became a symbolic link or a directory"
                    + " during the download; downloads never replace or write through links");
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not resolve '" + p + "': " + e.getMessage(), e);
        }
    }
}
