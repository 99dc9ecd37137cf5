package dev.mcpgate.control.internal;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Baseline;
import dev.mcpgate.control.BaselinePlan.Action;
import dev.mcpgate.control.BaselinePlan.Change;
import dev.mcpgate.control.BaselinePlan.Result;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlObject;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Limit;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.OperationSelection;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Owner;
import dev.mcpgate.control.Profile;
import dev.mcpgate.control.ReviewStatus;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Compares a {@link Baseline} with the store and plans the commands that bring the store's
 * file-owned objects to it ({@link dev.mcpgate.control.BaselinePlan}). Each planned change
 * carries the step that applies it; a step reads the revision it needs when it runs.
 */
public final class BaselineReconciler {

  /** A step: applies its commands as the actor, adding refusals to the problems. */
  private interface Step {
    int run(Actor actor, List<String> problems);
  }

  private record Planned(Change change, Step step) {}

  /** A plan: its changes, its notes, and how to apply it. */
  public static final class Plan {
    private final List<Planned> planned;
    private final List<String> notes;

    private Plan(List<Planned> planned, List<String> notes) {
      this.planned = List.copyOf(planned);
      this.notes = List.copyOf(notes);
    }

    /**
     * The changes.
     *
     * @return the changes in order
     */
    public List<Change> changes() {
      return planned.stream().map(Planned::change).toList();
    }

    /**
     * The notes.
     *
     * @return what is left alone
     */
    public List<String> notes() {
      return notes;
    }

    /**
     * Runs every step.
     *
     * @param actor who applies
     * @return the result
     */
    public Result apply(Actor actor) {
      List<String> problems = new ArrayList<>();
      int applied = 0;
      for (Planned each : planned) {
        applied += each.step().run(actor, problems);
      }
      return new Result(applied, problems);
    }
  }

  private final ControlPlane control;
  private final String environment;
  private final List<Planned> planned = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private BaselineReconciler(ControlPlane control, String environment) {
    this.control = control;
    this.environment = environment;
  }

  /**
   * Plans the changes.
   *
   * @param control the control plane
   * @param baseline the desired state
   * @param environment where approved sources are published
   * @return the plan
   */
  public static Plan plan(ControlPlane control, Baseline baseline, String environment) {
    BaselineReconciler reconciler = new BaselineReconciler(control, environment);
    reconciler.bindings(baseline.bindings());
    reconciler.clients(baseline.clients());
    reconciler.sources(baseline.sources());
    reconciler.rules(baseline.rules());
    reconciler.limits(baseline.limits());
    // A binding goes last: the service refuses to delete one a published source still uses, so
    // the sources the file withdraws or moves to another binding go first.
    List<Planned> ordered = new ArrayList<>();
    List<Planned> bindingRemovals = new ArrayList<>();
    for (Planned each : reconciler.planned) {
      boolean bindingRemoval = each.change().kind() == ObjectKind.BINDING
          && each.change().action() == Action.REMOVE;
      (bindingRemoval ? bindingRemovals : ordered).add(each);
    }
    ordered.addAll(bindingRemovals);
    return new Plan(ordered, reconciler.notes);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void plan(Action action, ObjectKind kind, String id, String summary, Step step) {
    planned.add(new Planned(new Change(action, kind, id, summary), step));
  }

  /** Applies one command; 1 when applied, else 0 with the refusal added to the problems. */
  private int run(Actor actor, List<String> problems, String what, Command<?> command) {
    Outcome<?> outcome = control.apply(actor, command);
    if (outcome instanceof Outcome.Refused<?> refused) {
      problems.add(what + ": " + refused.message());
      return 0;
    }
    return 1;
  }

  private static boolean fileOwned(ControlObject object) {
    return object.meta().owner() == Owner.FILE;
  }

  private void apiOwned(String kind, String id) {
    notes.add(kind + " " + id + ": the store has one with this id created through another"
        + " surface; left as it is");
  }

  /** The object's current revision, or 0 when it is gone. */
  private static <O extends ControlObject> long revision(List<O> objects, String id) {
    return objects.stream().filter(o -> o.meta().id().equals(id)).findFirst()
        .map(o -> o.meta().revision()).orElse(0L);
  }

  /**
   * Plans puts and deletes of a kind kept whole (bindings, rules, limits): created when missing,
   * replaced when different, deleted when the file no longer declares them.
   */
  private <D, O extends ControlObject> void wholeObjects(ObjectKind kind, String name,
      List<D> declared, Function<D, String> idOf, List<O> stored, Function<O, D> definition,
      Function<D, String> describe, PutCommand<D> put, DeleteCommand delete,
      ToLongFunction<String> currentRevision) {
    Map<String, O> byId = new LinkedHashMap<>();
    stored.forEach(object -> byId.put(object.meta().id(), object));
    Set<String> ids = new TreeSet<>();
    for (D want : declared) {
      String id = idOf.apply(want);
      ids.add(id);
      O have = byId.get(id);
      if (have != null && !fileOwned(have)) {
        apiOwned(name, id);
      } else if (have == null) {
        plan(Action.ADD, kind, id, "created " + describe.apply(want), (actor, problems) ->
            run(actor, problems, name + " " + id, put.command(want, 0)));
      } else if (!definition.apply(have).equals(want)) {
        plan(Action.CHANGE, kind, id, "changed " + describe.apply(want), (actor, problems) ->
            run(actor, problems, name + " " + id,
                put.command(want, currentRevision.applyAsLong(id))));
      }
    }
    for (O have : stored) {
      String id = have.meta().id();
      if (fileOwned(have) && !ids.contains(id)) {
        plan(Action.REMOVE, kind, id, "deleted: no longer in the file", (actor, problems) ->
            run(actor, problems, name + " " + id,
                delete.command(id, currentRevision.applyAsLong(id))));
      }
    }
  }

  private interface PutCommand<D> {
    Command<?> command(D definition, long expectedRevision);
  }

  private interface DeleteCommand {
    Command<?> command(String id, long expectedRevision);
  }

  // ---- the kinds ---------------------------------------------------------------------------

  private void bindings(List<CredentialBinding> declared) {
    wholeObjects(ObjectKind.BINDING, "binding", declared, CredentialBinding::id,
        control.bindings(), Binding::binding,
        binding -> "(" + binding.kind().wireName() + ", references only)",
        Command.PutBinding::new, Command.DeleteBinding::new,
        id -> revision(control.bindings(), id));
  }

  private void rules(List<RuleDefinition> declared) {
    wholeObjects(ObjectKind.RULE, "rule", declared, RuleDefinition::id, control.rules(),
        Rule::definition, rule -> "(" + rule.effect().name().toLowerCase(java.util.Locale.ROOT)
            + ", order " + rule.order() + ")",
        Command.PutRule::new, Command.DeleteRule::new, id -> revision(control.rules(), id));
  }

  private void limits(List<LimitDefinition> declared) {
    wholeObjects(ObjectKind.LIMIT, "limit", declared, LimitDefinition::id, control.limits(),
        Limit::definition, limit -> "(" + limit.capacity() + " per " + limit.period() + ", "
            + limit.scope().name().toLowerCase(java.util.Locale.ROOT) + " " + limit.target()
            + ")",
        Command.PutLimit::new, Command.DeleteLimit::new, id -> revision(control.limits(), id));
  }

  private void clients(List<Baseline.ClientSpec> declared) {
    Map<String, Client> stored = new LinkedHashMap<>();
    control.clients().forEach(client -> stored.put(client.meta().id(), client));
    Set<String> ids = new TreeSet<>();
    for (Baseline.ClientSpec want : declared) {
      ids.add(want.id());
      Client have = stored.get(want.id());
      if (have != null && !fileOwned(have)) {
        apiOwned("client", want.id());
        continue;
      }
      String displayName = want.displayName() == null ? want.id() : want.displayName();
      if (have == null) {
        Step create = (actor, problems) -> run(actor, problems, "client " + want.id(),
            new Command.CreateClient(want.id(), want.displayName(), want.tenant(),
                want.scopes()));
        Step revoke = revokeClient(want.id());
        plan(Action.ADD, ObjectKind.CLIENT, want.id(), "created" + (want.revoked()
            ? ", then revoked as the file says" : ""), want.revoked()
            ? (actor, problems) -> create.run(actor, problems) + revoke.run(actor, problems)
            : create);
      } else if (have.revoked()) {
        if (!want.revoked()) {
          notes.add("client " + want.id() + ": revoked in the store, and a revocation is final;"
              + " give the client a new id");
        }
        continue;
      } else if (!have.displayName().equals(displayName)
          || !Objects.equals(have.tenant(), want.tenant())
          || !have.scopes().equals(want.scopes())) {
        plan(Action.CHANGE, ObjectKind.CLIENT, want.id(), "display name, tenant or scopes"
            + " changed", (actor, problems) -> run(actor, problems, "client " + want.id(),
                new Command.UpdateClient(want.id(), want.displayName(), want.tenant(),
                    want.scopes(), revision(control.clients(), want.id()))));
      }
      if (have != null || !want.revoked()) {
        profiles(want, have == null);
      }
      if (want.revoked() && have != null) {
        plan(Action.REMOVE, ObjectKind.CLIENT, want.id(), "revoked by the file",
            revokeClient(want.id()));
      }
    }
    for (Client have : stored.values()) {
      if (fileOwned(have) && !have.revoked() && !ids.contains(have.meta().id())) {
        plan(Action.REMOVE, ObjectKind.CLIENT, have.meta().id(), "revoked: no longer in the"
            + " file", revokeClient(have.meta().id()));
      }
    }
  }

  private Step revokeClient(String id) {
    return (actor, problems) -> run(actor, problems, "client " + id,
        new Command.RevokeClient(id, revision(control.clients(), id)));
  }

  private void profiles(Baseline.ClientSpec client, boolean newClient) {
    Map<String, Profile> stored = new LinkedHashMap<>();
    if (!newClient) {
      control.profiles(client.id()).forEach(profile -> stored.put(profile.name(), profile));
    }
    Map<String, ClientKey> storedKeys = new LinkedHashMap<>();
    if (!newClient) {
      control.keys(client.id()).forEach(key -> storedKeys.put(key.meta().id(), key));
    }
    Set<String> names = new TreeSet<>();
    Set<String> keyIds = new TreeSet<>();
    for (Baseline.ProfileSpec want : client.profiles()) {
      names.add(want.name());
      String id = Profile.idOf(client.id(), want.name());
      Profile have = stored.get(want.name());
      if (have != null && !fileOwned(have)) {
        apiOwned("profile", id);
        continue;
      }
      if (have == null) {
        plan(Action.ADD, ObjectKind.PROFILE, id, "created", (actor, problems) ->
            run(actor, problems, "profile " + id,
                new Command.CreateProfile(client.id(), want.name())));
      } else if (have.revoked() && !want.revoked()) {
        notes.add("profile " + id + ": revoked in the store, and a revocation is final;"
            + " give the profile a new name");
        continue;
      }
      for (Baseline.KeySpec key : want.keys()) {
        keyIds.add(key.keyId());
        ClientKey haveKey = storedKeys.get(key.keyId());
        if (haveKey == null) {
          plan(Action.ADD, ObjectKind.KEY, key.keyId(), "registered for " + id + " by its hash",
              (actor, problems) -> run(actor, problems, "key " + key.keyId(),
                  new Command.RegisterKey(client.id(), want.name(), key.keyId(),
                      key.sha256())));
        } else if (!fileOwned(haveKey)) {
          apiOwned("key", key.keyId());
        } else if (haveKey.revoked()) {
          notes.add("key " + key.keyId() + ": revoked in the store, and a revocation is final;"
              + " make a new key");
        } else if (!haveKey.profile().equals(want.name())) {
          notes.add("key " + key.keyId() + ": registered for profile " + haveKey.profile()
              + " in the store; a key's profile does not change: make a new key");
        }
      }
      if (want.revoked() && (have == null || !have.revoked())) {
        plan(Action.REMOVE, ObjectKind.PROFILE, id, "revoked by the file",
            revokeProfile(client.id(), want.name()));
      }
    }
    for (Profile have : stored.values()) {
      if (fileOwned(have) && !have.revoked() && !names.contains(have.name())) {
        plan(Action.REMOVE, ObjectKind.PROFILE, have.meta().id(), "revoked: no longer in the"
            + " file", revokeProfile(client.id(), have.name()));
      }
    }
    for (ClientKey have : storedKeys.values()) {
      if (fileOwned(have) && !have.revoked() && !keyIds.contains(have.meta().id())) {
        plan(Action.REMOVE, ObjectKind.KEY, have.meta().id(), "revoked: no longer in the file",
            (actor, problems) -> run(actor, problems, "key " + have.meta().id(),
                new Command.RevokeKey(have.meta().id(), revision(control.keys(client.id()),
                    have.meta().id()))));
      }
    }
  }

  private Step revokeProfile(String clientId, String name) {
    String id = Profile.idOf(clientId, name);
    return (actor, problems) -> run(actor, problems, "profile " + id,
        new Command.RevokeProfile(clientId, name, revision(control.profiles(clientId), id)));
  }

  private void sources(List<Baseline.SourceSpec> declared) {
    Set<String> ids = new TreeSet<>();
    for (Baseline.SourceSpec want : declared) {
      ids.add(want.id());
      Optional<Source> have = control.source(want.id());
      if (have.isPresent() && !fileOwned(have.get())) {
        apiOwned("source", want.id());
        continue;
      }
      source(want, have.orElse(null));
      selection(want);
    }
    for (Source have : control.sources()) {
      String id = have.meta().id();
      if (fileOwned(have) && !ids.contains(id) && have.published().containsKey(environment)) {
        plan(Action.REMOVE, ObjectKind.SOURCE, id, "withdrawn from " + environment
            + ": no longer in the file", withdraw(id));
      }
    }
  }

  private Step withdraw(String id) {
    return (actor, problems) -> run(actor, problems, "source " + id, new Command.WithdrawSource(
        id, environment, control.source(id).map(s -> s.meta().revision()).orElse(0L)));
  }

  private void source(Baseline.SourceSpec want, @Nullable Source have) {
    String sha = Hashes.sha256Hex(want.description());
    List<SourceRevision> revisions = have == null ? List.of() : control.revisions(want.id());
    SourceRevision latest = revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
    boolean bytesChanged = latest == null || !latest.sha256().equals(sha);
    boolean settingsChanged = latest != null && !latest.settings().equals(want.settings());
    boolean importing = bytesChanged || settingsChanged;
    List<String> what = new ArrayList<>();
    if (importing) {
      what.add("import " + want.location() + " (" + want.description().length + " bytes, sha256 "
          + sha.substring(0, 12) + (want.settings().areDefaults() ? ""
              : "; " + want.settings().describe()) + ")" + (latest == null ? ""
              : " as revision " + (latest.number() + 1)
                  + (bytesChanged ? "" : ": its settings changed")));
    }
    boolean approving = false;
    boolean publishing = false;
    if (want.approved()) {
      approving = importing || control.review(want.id(), latest.number())
          .map(review -> review.status() == ReviewStatus.PENDING).orElse(false);
      publishing = importing || have == null
          || !Integer.valueOf(latest.number()).equals(have.published().get(environment));
      if (approving) {
        what.add("approve");
      }
      if (publishing) {
        what.add("publish to " + environment);
      }
    }
    boolean withdrawing = !want.approved() && have != null
        && have.published().containsKey(environment);
    if (withdrawing) {
      what.add("withdraw from " + environment + " (the file does not approve it)");
    }
    if (what.isEmpty()) {
      return;
    }
    boolean approve = approving;
    boolean publish = publishing;
    Action action = have == null ? Action.ADD : withdrawing ? Action.REMOVE : Action.CHANGE;
    plan(action, ObjectKind.SOURCE, want.id(), String.join(", ", what), (actor, problems) -> {
      String label = "source " + want.id();
      int applied = 0;
      if (withdrawing) {
        return run(actor, problems, label, new Command.WithdrawSource(want.id(), environment,
            control.source(want.id()).map(s -> s.meta().revision()).orElse(0L)));
      }
      int number;
      if (importing) {
        Outcome<SourceRevision> imported = control.apply(actor, new Command.ImportRevision(
            want.id(), want.description(), want.location(), want.settings()));
        if (!(imported instanceof Outcome.Applied<SourceRevision> done)) {
          problems.add(label + ": " + ((Outcome.Refused<?>) imported).message());
          return 0;
        }
        applied++;
        number = done.result().number();
      } else {
        number = Objects.requireNonNull(latest).number();
      }
      if (approve) {
        Optional<dev.mcpgate.control.Review> review = control.review(want.id(), number);
        if (review.isPresent() && review.get().status() == ReviewStatus.PENDING) {
          applied += run(actor, problems, label, new Command.DecideReview(want.id(), number,
              Command.Decision.APPROVE, "approved in the configuration file",
              review.get().meta().revision()));
        }
      }
      if (publish) {
        applied += run(actor, problems, label, new Command.PublishRevision(want.id(), number,
            environment, control.source(want.id()).map(s -> s.meta().revision()).orElse(0L)));
      }
      return applied;
    });
  }

  private void selection(Baseline.SourceSpec want) {
    Optional<OperationSelection> have = control.selection(want.id());
    if (have.isPresent() && !fileOwned(have.get())) {
      apiOwned("selection", want.id());
      return;
    }
    Set<String> tools = want.selection();
    if (tools == null) {
      if (have.isPresent()) {
        plan(Action.REMOVE, ObjectKind.SELECTION, want.id(), "removed: every tool served",
            (actor, problems) -> run(actor, problems, "selection " + want.id(),
                new Command.DeleteSelection(want.id(), selectionRevision(want.id()))));
      }
      return;
    }
    if (have.isPresent() && have.get().tools().equals(tools)) {
      return;
    }
    plan(have.isEmpty() ? Action.ADD : Action.CHANGE, ObjectKind.SELECTION, want.id(),
        tools.size() + " tools " + new TreeSet<>(tools), (actor, problems) -> run(actor,
            problems, "selection " + want.id(), new Command.SelectOperations(want.id(), tools,
                selectionRevision(want.id()))));
  }

  private long selectionRevision(String sourceId) {
    return control.selection(sourceId).map(s -> s.meta().revision()).orElse(0L);
  }
}
