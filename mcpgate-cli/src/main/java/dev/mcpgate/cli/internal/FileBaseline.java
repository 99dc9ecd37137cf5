package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlObject;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Owner;
import dev.mcpgate.control.Profile;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.control.Surface;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration file as the control plane's baseline: what it declares is mirrored into the
 * store as objects owned by the file ({@code owner: file}, actor {@code file}, surface {@code
 * file} in the change log), which the service layer then refuses to change through any other
 * surface ("declared in the configuration file; change it there"). The file is never written.
 *
 * <p>Reconciled on {@code serve} start: the file's credential bindings (created, changed,
 * deleted when gone), clients and their profiles (created; revoked when the file revokes them
 * or no longer lists them) and the sources whose description is a local file (a new revision
 * when its bytes changed, approved by the file when the file approves the source, and published
 * to the served environment; withdrawn when gone). Not mirrored: API keys (the store only keeps
 * keys it issued itself; the file's keys are served from the file), sources read from a URL,
 * operation selections, policy rules and limits (the file's are served from the file).
 */
public final class FileBaseline {

  /** The actor the file's changes are recorded under. */
  public static final Actor FILE = new Actor("file", Role.ADMIN, Surface.FILE);

  private final ControlPlane control;
  private final String environment;
  private final List<String> problems = new ArrayList<>();
  private int changes;

  private FileBaseline(ControlPlane control, String environment) {
    this.control = control;
    this.environment = environment;
  }

  /**
   * Brings the store's file-owned objects to what the configuration declares.
   *
   * @param config the configuration
   * @param control the service layer on its store
   * @return one line saying what changed, then one per object that could not be mirrored
   * @throws dev.mcpgate.control.ControlStoreException if the store fails
   */
  public static List<String> reconcile(ServeConfig config, ControlPlane control) {
    FileBaseline baseline = new FileBaseline(control, config.store().environment());
    baseline.bindings(config);
    baseline.clients(config);
    baseline.sources(config);
    List<String> lines = new ArrayList<>();
    lines.add("file baseline: " + baseline.changes + " changes to the store's file-owned objects");
    baseline.problems.forEach(problem -> lines.add("file baseline: " + problem));
    return lines;
  }

  private static boolean fileOwned(ControlObject object) {
    return object.meta().owner() == Owner.FILE;
  }

  private <T> void apply(String what, Command<T> command) {
    Outcome<T> outcome = control.apply(FILE, command);
    if (outcome instanceof Outcome.Refused<T> refused) {
      problems.add(what + ": " + refused.message());
    } else {
      changes++;
    }
  }

  private void bindings(ServeConfig config) {
    Map<String, Binding> stored = new HashMap<>();
    control.bindings().forEach(binding -> stored.put(binding.meta().id(), binding));
    Set<String> declared = new TreeSet<>();
    for (CredentialBinding binding : config.bindings()) {
      declared.add(binding.id());
      Binding current = stored.get(binding.id());
      if (current != null && current.binding().equals(binding)) {
        continue;
      }
      try {
        apply("binding " + binding.id(), new Command.PutBinding(binding,
            current == null ? 0 : current.meta().revision()));
      } catch (IllegalArgumentException e) {
        problems.add("binding " + binding.id() + ": " + e.getMessage());
      }
    }
    stored.values().stream()
        .filter(binding -> fileOwned(binding) && !declared.contains(binding.meta().id()))
        .forEach(binding -> apply("binding " + binding.meta().id(),
            new Command.DeleteBinding(binding.meta().id(), binding.meta().revision())));
  }

  private void clients(ServeConfig config) {
    Map<String, Client> stored = new HashMap<>();
    control.clients().forEach(client -> stored.put(client.meta().id(), client));
    Set<String> declared = new TreeSet<>();
    for (ServeConfig.ClientEntry entry : config.clients()) {
      declared.add(entry.id());
      try {
        Client current = stored.get(entry.id());
        if (current == null) {
          apply("client " + entry.id(), new Command.CreateClient(entry.id(), entry.displayName(),
              entry.tenant(), entry.scopes()));
        } else if (!fileOwned(current)) {
          problems.add("client " + entry.id() + ": the store has a client with this id created"
              + " through another surface; the file's is served, the store's left as it is");
          continue;
        }
        Map<String, Profile> profiles = new HashMap<>();
        control.profiles(entry.id()).forEach(p -> profiles.put(p.name(), p));
        for (ServeConfig.ProfileEntry profile : entry.profiles()) {
          Profile existing = profiles.get(profile.name());
          if (existing == null) {
            apply("profile " + entry.id() + "/" + profile.name(),
                new Command.CreateProfile(entry.id(), profile.name()));
            existing = control.profiles(entry.id()).stream()
                .filter(p -> p.name().equals(profile.name())).findFirst().orElse(null);
          }
          if (profile.revoked() && existing != null && !existing.revoked()) {
            apply("profile " + entry.id() + "/" + profile.name(), new Command.RevokeProfile(
                entry.id(), profile.name(), existing.meta().revision()));
          }
        }
        if (entry.revoked()) {
          revokeClient(entry.id());
        }
      } catch (IllegalArgumentException e) {
        problems.add("client " + entry.id() + ": " + e.getMessage());
      }
    }
    stored.values().stream()
        .filter(client -> fileOwned(client) && !declared.contains(client.meta().id()))
        .forEach(client -> revokeClient(client.meta().id()));
  }

  private void revokeClient(String id) {
    control.clients().stream()
        .filter(client -> client.meta().id().equals(id) && !client.revoked())
        .findFirst()
        .ifPresent(client -> apply("client " + id,
            new Command.RevokeClient(id, client.meta().revision())));
  }

  private void sources(ServeConfig config) {
    Path dir = Objects.requireNonNullElse(config.file().getParent(), Path.of("."));
    Set<String> declared = new TreeSet<>();
    for (ServeConfig.SourceEntry entry : config.sources()) {
      if (ServeConfig.isUrl(entry.description())) {
        continue; // read on every start by the file's own import; not mirrored
      }
      declared.add(entry.id());
      try {
        source(entry, dir.resolve(entry.description()).normalize());
      } catch (IllegalArgumentException e) {
        problems.add("source " + entry.id() + ": " + e.getMessage());
      }
    }
    for (Source source : control.sources()) {
      if (fileOwned(source) && !declared.contains(source.meta().id())
          && source.published().containsKey(environment)) {
        apply("source " + source.meta().id(), new Command.WithdrawSource(source.meta().id(),
            environment, source.meta().revision()));
      }
    }
  }

  private void source(ServeConfig.SourceEntry entry, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add("source " + entry.id() + ": cannot read its description");
      return;
    }
    Optional<Source> current = control.source(entry.id());
    if (current.isPresent() && !fileOwned(current.get())) {
      problems.add("source " + entry.id() + ": the store has a source with this id created"
          + " through another surface; the file's is served, the store's left as it is");
      return;
    }
    List<SourceRevision> revisions = control.revisions(entry.id());
    SourceRevision latest = revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
    int number;
    if (latest != null && latest.sha256().equals(sha256(bytes))) {
      number = latest.number();
    } else {
      Outcome<SourceRevision> imported = control.apply(FILE,
          new Command.ImportRevision(entry.id(), bytes, file.toString()));
      if (!(imported instanceof Outcome.Applied<SourceRevision> applied)) {
        problems.add("source " + entry.id() + ": " + ((Outcome.Refused<?>) imported).message());
        return;
      }
      changes++;
      number = applied.result().number();
    }
    if (!entry.approved()) {
      return;
    }
    control.review(entry.id(), number)
        .filter(review -> review.status() == dev.mcpgate.control.ReviewStatus.PENDING)
        .ifPresent(review -> apply("source " + entry.id(), new Command.DecideReview(entry.id(),
            number, Command.Decision.APPROVE, "approved in the configuration file",
            review.meta().revision())));
    Source source = control.source(entry.id()).orElseThrow();
    if (!Integer.valueOf(number).equals(source.published().get(environment))) {
      apply("source " + entry.id(), new Command.PublishRevision(entry.id(), number, environment,
          source.meta().revision()));
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
