package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Resolves references {@code file:NAME} and {@code file:dir/NAME} to the content of a file under
 * one root directory: the secret folders that Kubernetes and Docker mount into a container.
 *
 * <ul>
 *   <li>The content is the secret, decoded as UTF-8, with one trailing newline ({@code \n} or
 *       {@code \r\n}) removed, since most tools that write secret files add one.
 *   <li>A reference to a directory is a secret of named parts: one part per regular file in it,
 *       named by the file (for example {@code file:stripe/} holding {@code username} and {@code
 *       password}). Names starting with a dot are skipped, so Kubernetes' {@code ..data} links are
 *       not parts.
 *   <li>The file is read on every resolve, never cached: a secret file is a few bytes in the page
 *       cache, and reading it costs about what the stat of a cache check would, so a rotated secret
 *       (Kubernetes swaps the {@code ..data} link atomically) is seen at once and a stale value can
 *       never be served.
 *   <li>An absolute reference, a {@code ..} segment, or a path whose real location (after symbolic
 *       links) is outside the root is {@link CredentialStatus#ERROR}; so is an unreadable file or
 *       one larger than {@value #MAX_FILE_BYTES} bytes. A file or directory that does not exist, or
 *       is empty, is {@link CredentialStatus#MISSING}.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MountedFileSecrets implements CredentialBindingResolver {

  /** The reference prefix this resolver serves, without the colon. */
  public static final String PREFIX = "file";

  /** The largest secret file read, in bytes; a larger file is refused, not truncated. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private final Path root;

  private MountedFileSecrets(Path root) {
    this.root = root;
  }

  /**
   * Serves files under a root directory. The directory need not exist yet (a volume may be mounted
   * later); a reference resolved while it is absent is an error.
   *
   * @param root the root directory, such as {@code /run/secrets}
   * @return the resolver
   */
  public static MountedFileSecrets under(Path root) {
    return new MountedFileSecrets(
        Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    String name = References.nameAfter(PREFIX, binding, caller);
    String subject = "binding " + binding.id() + ": ";
    if (name == null || name.isEmpty()) {
      return References.wrongReference(binding, "file", PREFIX);
    }
    String refused = refusal(name);
    if (refused != null) {
      return error(subject + "file reference " + name + " refused: " + refused);
    }
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      return error(subject + "secret root directory " + root + " is not readable");
    }
    Path candidate = realRoot.resolve(name).normalize();
    if (!candidate.startsWith(realRoot)) {
      return error(subject + "file reference " + name + " refused: outside the secret root");
    }
    if (Files.notExists(candidate)) {
      return CredentialResolution.missing(subject + "no secret file " + name + " under " + root);
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(realRoot)) {
        return error(
            subject + "file reference " + name + " refused: links outside the secret root");
      }
      if (Files.isDirectory(real)) {
        return readParts(subject, name, real, realRoot);
      }
      String value = read(real);
      return value.isEmpty()
          ? CredentialResolution.missing(subject + "secret file " + name + " is empty")
          : CredentialResolution.resolved(Secret.of(value));
    } catch (NoSuchFileException e) {
      return CredentialResolution.missing(subject + "no secret file " + name + " under " + root);
    } catch (AccessDeniedException e) {
      return error(subject + "secret file " + name + " is not readable (access denied)");
    } catch (TooLarge e) {
      return error(
          subject + "secret file " + name + " is larger than " + MAX_FILE_BYTES + " bytes");
    } catch (IOException e) {
      return error(
          subject
              + "secret file "
              + name
              + " is not readable ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private CredentialResolution readParts(String subject, String name, Path dir, Path realRoot)
      throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .filter(entry -> !entry.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(files::add);
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (Path file : files) {
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot)) {
        return error(
            subject
                + "file reference "
                + name
                + " refused: "
                + file.getFileName()
                + " links outside the secret root");
      }
      if (Files.isRegularFile(real)) {
        String value = read(real);
        if (!value.isEmpty()) {
          parts.put(file.getFileName().toString(), value);
        }
      }
    }
    return parts.isEmpty()
        ? CredentialResolution.missing(
            subject + "secret directory " + name + " holds no secret files")
        : CredentialResolution.resolved(Secret.ofParts(parts));
  }

  /** Why a reference is refused before touching the file system, or null if it is not. */
  private static @Nullable String refusal(String name) {
    if (name.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    if (name.startsWith("/")
        || name.startsWith("\\")
        || (name.length() > 1 && name.charAt(1) == ':')) {
      return "absolute paths are not allowed";
    }
    for (String segment : name.split("[/\\\\]", -1)) {
      if (segment.equals("..")) {
        return "'..' segments are not allowed";
      }
    }
    return null;
  }

  private static String read(Path file) throws IOException {
    byte[] bytes;
    // The path is already real; refusing a link here closes the gap if one is swapped in since.
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new TooLarge();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static CredentialResolution error(String reason) {
    return new CredentialResolution.Unavailable(CredentialStatus.ERROR, reason);
  }

  /** Names the store and its root, never a value. */
  @Override
  public String toString() {
    return "MountedFileSecrets[" + root + "]";
  }

  /** A file too large to be a secret. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("secret file too large");
    }
  }
}
