package dev.mcpgate.cli.internal;

import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The logins {@code mcpgate login} saves: per name, an admin URL and its token, in {@code
 * logins.json} under {@code $MCPGATE_CONFIG_HOME}, else {@code $XDG_CONFIG_HOME/mcpgate}, else
 * {@code ~/.config/mcpgate}. The file is written owner-only ({@code rw-------}, its directory
 * {@code rwx------}) and refused when others may read it, as ssh refuses a readable key.
 * Not thread-safe.
 */
public final class Logins {

  /** The name of the login used when none is named. */
  public static final String DEFAULT = "default";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /**
   * One saved login.
   *
   * @param adminUrl the admin API's mount point
   * @param token the token
   */
  public record Login(String adminUrl, Secret token) {}

  private final Path file;

  private Logins(Path file) {
    this.file = file;
  }

  /**
   * The logins file for an environment.
   *
   * @param environment how environment variables are read
   * @return the logins
   */
  public static Logins in(Function<String, @Nullable String> environment) {
    String home = environment.apply("MCPGATE_CONFIG_HOME");
    Path directory;
    if (home != null && !home.isBlank()) {
      directory = Path.of(home);
    } else {
      String xdg = environment.apply("XDG_CONFIG_HOME");
      directory = xdg != null && !xdg.isBlank() ? Path.of(xdg, "mcpgate")
          : Path.of(System.getProperty("user.home"), ".config", "mcpgate");
    }
    return new Logins(directory.resolve("logins.json"));
  }

  /**
   * Where the logins are kept.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * A saved login.
   *
   * @param name its name
   * @return the login, or empty when none is saved under the name
   * @throws IllegalStateException if the file may be read by others or is not readable
   */
  public Optional<Login> find(String name) {
    JsonNode login = read().path("logins").path(name);
    if (!login.path("adminUrl").isString() || !login.path("token").isString()) {
      return Optional.empty();
    }
    return Optional.of(new Login(login.path("adminUrl").asString(),
        Secret.of(login.path("token").asString())));
  }

  /**
   * The saved login for an admin URL, when exactly one login names it.
   *
   * @param adminUrl the admin URL
   * @return the login, or empty
   */
  public Optional<Login> forUrl(String adminUrl) {
    String wanted = ApiBackend.base(adminUrl).toString();
    Login found = null;
    for (Map.Entry<String, JsonNode> entry : read().path("logins").properties()) {
      JsonNode login = entry.getValue();
      if (login.path("adminUrl").isString() && login.path("token").isString()
          && ApiBackend.base(login.path("adminUrl").asString()).toString().equals(wanted)) {
        if (found != null) {
          return Optional.empty();
        }
        found = new Login(login.path("adminUrl").asString(),
            Secret.of(login.path("token").asString()));
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Saves a login under a name, replacing any of that name.
   *
   * @param name its name
   * @param login the login
   */
  public void save(String name, Login login) {
    ObjectNode root = read().deepCopy();
    ObjectNode logins = root.has("logins") && root.get("logins").isObject()
        ? (ObjectNode) root.get("logins") : root.putObject("logins");
    ObjectNode entry = logins.putObject(name);
    entry.put("adminUrl", login.adminUrl());
    entry.put("token", login.token().reveal());
    write(root);
  }

  /**
   * Forgets a login.
   *
   * @param name its name
   * @return whether one was saved under the name
   */
  public boolean remove(String name) {
    ObjectNode root = read().deepCopy();
    if (!(root.get("logins") instanceof ObjectNode logins) || !logins.has(name)) {
      return false;
    }
    logins.remove(name);
    write(root);
    return true;
  }

  private ObjectNode read() {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    try {
      if (posix() && !OWNER_FILE.containsAll(Files.getPosixFilePermissions(file))) {
        throw new IllegalStateException(file + " may be read by others; make it readable by"
            + " you only (chmod 600) or log in again");
      }
      JsonNode node = JSON.readTree(Files.readAllBytes(file));
      if (node == null || !node.isObject()) {
        throw new IllegalStateException(file + " is not a logins file; remove it and log in"
            + " again");
      }
      return (ObjectNode) node;
    } catch (JacksonException e) {
      throw new IllegalStateException(file + " is not valid JSON; remove it and log in again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a new file, owner-only from its creation, and moves it over the old one. */
  private void write(ObjectNode root) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (!Files.exists(directory)) {
        if (posix()) {
          Files.createDirectories(directory, attribute(OWNER_DIRECTORY));
        } else {
          Files.createDirectories(directory);
        }
      }
      Path temporary = directory.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      try {
        if (posix()) {
          Files.createFile(temporary, attribute(OWNER_FILE));
        } else {
          Files.createFile(temporary);
        }
      } catch (FileAlreadyExistsException e) {
        throw new IllegalStateException(temporary + " appeared while saving; try again");
      }
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
