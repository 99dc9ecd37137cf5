package dev.mcpgate.control.internal;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.AuditLog;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeListener;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlObject;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.Evidence;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.ImportSummary;
import dev.mcpgate.control.IssuedClientKey;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.Limit;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.ObjectMeta;
import dev.mcpgate.control.OperationSelection;
import dev.mcpgate.control.Operator;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Outcome.Refusal;
import dev.mcpgate.control.Owner;
import dev.mcpgate.control.Profile;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.Retention;
import dev.mcpgate.control.ReviewRules;
import dev.mcpgate.control.ReviewStatus;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.control.Subscription;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoreTransaction;
import dev.mcpgate.control.store.StoredObject;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The service pipeline: authorize → (validate and persist, in one store transaction, through
 * the command's step) → record the change event in that transaction → commit → publish. A dry
 * run runs the same transaction and rolls it back, so it refuses exactly what applying would.
 */
public final class DefaultControlPlane implements ControlPlane {

  private static final String OPERATOR_TOKEN_PREFIX = "mgo_";

  /** What a command's step did: its result and the change to record. */
  private record Step<T>(T result, String objectId, long before, long after, String summary) {}

  /** A refusal found inside the transaction: rolls it back and becomes the outcome. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Refusal reason;

    Refused(Refusal reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /** Rolls a dry run's transaction back, carrying what it would have recorded. */
  private static final class DryRun extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ChangeEvent change;

    DryRun(ChangeEvent change) {
      super(null, null, false, false);
      this.change = change;
    }
  }

  private record Committed<T>(T result, ChangeEvent change) {}

  private final ControlStore store;
  private final Clock clock;
  private final ReviewRules reviewRules;
  private final ImportOptions importOptions;
  private final StoreAuditLog audit;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Object publishLock = new Object();
  private final Map<RevisionKey, List<ToolDefinition>> toolsByRevision =
      new ConcurrentHashMap<>();

  /** What a revision's tools depend on: its bytes and its settings. */
  private record RevisionKey(String id, String sha256, ImportSettings settings) {}

  /**
   * Creates the control plane and starts its audit writer.
   *
   * @param store the store
   * @param clock stamps changes
   * @param reviewRules when a revision is approved by rule
   * @param importOptions how descriptions are imported
   * @param auditQueueCapacity the audit writer's queue
   * @param auditRetention what the audit writer keeps when it prunes
   */
  public DefaultControlPlane(ControlStore store, Clock clock, ReviewRules reviewRules,
      ImportOptions importOptions, int auditQueueCapacity, Retention auditRetention) {
    this.store = store;
    this.clock = clock;
    this.reviewRules = reviewRules;
    this.importOptions = importOptions;
    this.audit = new StoreAuditLog(store, clock, auditQueueCapacity, auditRetention);
  }

  // ---- the pipeline ------------------------------------------------------------------------

  @Override
  public <T> Outcome<T> apply(Actor actor, Command<T> command) {
    return run(actor, command, false);
  }

  @Override
  public <T> Outcome<T> dryRun(Actor actor, Command<T> command) {
    return run(actor, command, true);
  }

  private <T> Outcome<T> run(Actor actor, Command<T> command, boolean dry) {
    if (!actor.role().includes(command.requiredRole())) {
      return new Outcome.Refused<>(Refusal.FORBIDDEN, actor.id() + " has the role "
          + name(actor.role()) + "; " + command.getClass().getSimpleName() + " needs "
          + name(command.requiredRole()));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Committed<T> committed;
    try {
      // Publishing under one lock keeps listeners told in commit order.
      synchronized (publishLock) {
        committed = store.write(tx -> {
          Step<T> step = step(tx, actor, command, now);
          ChangeEvent change = new ChangeEvent(0, now, actor.id(), actor.surface(),
              command.kind(), step.objectId(), step.before(), step.after(), step.summary());
          if (dry) {
            throw new DryRun(change);
          }
          return new Committed<>(step.result(), tx.appendChange(change));
        });
        for (ChangeListener listener : listeners) {
          try {
            listener.changed(committed.change());
          } catch (RuntimeException broken) {
            // The contract says listeners never throw; one that does must not stop the others.
          }
        }
      }
    } catch (Refused refused) {
      return new Outcome.Refused<>(refused.reason, refused.getMessage());
    } catch (DryRun preview) {
      return new Outcome.Preview<>(preview.change);
    }
    return new Outcome.Applied<>(committed.result(), committed.change());
  }

  @SuppressWarnings("unchecked")
  private <T> Step<T> step(StoreTransaction tx, Actor actor, Command<T> command, Instant now) {
    Steps steps = new Steps(tx, actor, now);
    // One step per command type; CommandCoverageTest applies every permitted type.
    Step<?> step;
    if (command instanceof Command.ImportRevision c) {
      step = steps.importRevision(c);
    } else if (command instanceof Command.DecideReview c) {
      step = steps.decideReview(c);
    } else if (command instanceof Command.PublishRevision c) {
      step = steps.publish(c);
    } else if (command instanceof Command.WithdrawSource c) {
      step = steps.withdraw(c);
    } else if (command instanceof Command.UpdateSource c) {
      step = steps.updateSource(c);
    } else if (command instanceof Command.SelectOperations c) {
      step = steps.select(c);
    } else if (command instanceof Command.DeleteSelection c) {
      step = steps.delete(ObjectKind.SELECTION, c.sourceId(), c.expectedRevision(),
          OperationSelection.class);
    } else if (command instanceof Command.PutBinding c) {
      step = steps.put(ObjectKind.BINDING, c.binding().id(), null, c.expectedRevision(),
          meta -> new Binding(meta, c.binding()), Binding.class,
          "binding " + c.binding().id() + " (" + c.binding().kind().wireName() + ")"
              + steps.bindingChanges(c.binding()));
    } else if (command instanceof Command.DeleteBinding c) {
      step = steps.deleteBinding(c);
    } else if (command instanceof Command.CreateClient c) {
      step = steps.createClient(c);
    } else if (command instanceof Command.UpdateClient c) {
      step = steps.updateClient(c);
    } else if (command instanceof Command.RevokeClient c) {
      step = steps.revoke(ObjectKind.CLIENT, c.clientId(), c.expectedRevision(), Client.class,
          (client, meta) -> new Client(meta, client.displayName(), client.tenant(),
              client.scopes(), true), Client::revoked);
    } else if (command instanceof Command.CreateProfile c) {
      step = steps.createProfile(c);
    } else if (command instanceof Command.RevokeProfile c) {
      step = steps.revoke(ObjectKind.PROFILE, Profile.idOf(c.clientId(), c.profile()),
          c.expectedRevision(), Profile.class,
          (profile, meta) -> new Profile(meta, profile.clientId(), profile.name(), true),
          Profile::revoked);
    } else if (command instanceof Command.IssueKey c) {
      step = steps.issueKey(c);
    } else if (command instanceof Command.RegisterKey c) {
      step = steps.registerKey(c);
    } else if (command instanceof Command.RevokeKey c) {
      step = steps.revoke(ObjectKind.KEY, c.keyId(), c.expectedRevision(), ClientKey.class,
          (key, meta) -> new ClientKey(meta, key.clientId(), key.profile(), true),
          ClientKey::revoked);
    } else if (command instanceof Command.PutRule c) {
      step = steps.put(ObjectKind.RULE, c.rule().id(), null, c.expectedRevision(),
          meta -> new Rule(meta, c.rule()), Rule.class,
          "rule " + c.rule().id() + " (" + name(c.rule().effect()) + ")");
    } else if (command instanceof Command.DeleteRule c) {
      step = steps.delete(ObjectKind.RULE, c.id(), c.expectedRevision(), Rule.class);
    } else if (command instanceof Command.PutLimit c) {
      step = steps.put(ObjectKind.LIMIT, c.limit().id(), null, c.expectedRevision(),
          meta -> new Limit(meta, c.limit()), Limit.class,
          "limit " + c.limit().id() + " (" + c.limit().quota() + " " + counted(c.limit())
              + ")");
    } else if (command instanceof Command.DeleteLimit c) {
      step = steps.delete(ObjectKind.LIMIT, c.id(), c.expectedRevision(), Limit.class);
    } else if (command instanceof Command.CreateOperator c) {
      step = steps.createOperator(c);
    } else if (command instanceof Command.RevokeOperator c) {
      step = steps.revoke(ObjectKind.OPERATOR, c.name(), c.expectedRevision(), Operator.class,
          (operator, meta) -> new Operator(meta, operator.name(), operator.role(), true),
          Operator::revoked);
    } else {
      throw new IllegalStateException("no step for " + command.getClass().getName());
    }
    return (Step<T>) step;
  }

  /** What a limit counts, for the change log: {@code per client acme}, {@code for each caller}. */
  private static String counted(LimitDefinition limit) {
    return switch (limit.scope()) {
      case EACH_CALLER -> "for each caller";
      case EACH_CALLER_TOOL -> "for each caller of tool " + limit.target();
      case CLIENT, PROFILE, TOOL -> "per " + name(limit.scope()) + " " + limit.target();
    };
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  // ---- the steps ---------------------------------------------------------------------------

  /** The steps of one transaction: validate against the stored state, then write. */
  private final class Steps {
    private final StoreTransaction tx;
    private final Actor actor;
    private final Instant now;

    Steps(StoreTransaction tx, Actor actor, Instant now) {
      this.tx = tx;
      this.actor = actor;
      this.now = now;
    }

    Step<SourceRevision> importRevision(Command.ImportRevision c) {
      Optional<Source> existing = load(ObjectKind.SOURCE, c.sourceId(), Source.class);
      existing.ifPresent(this::checkOwner);
      int number = existing.map(Source::latestRevision).orElse(0) + 1;
      byte[] description = c.description();
      ImportResult imported;
      try {
        imported = ApiImporter.importContent(description, c.location(),
            optionsFor(c.sourceId(), c.settings()));
      } catch (ImportException e) {
        throw new Refused(Refusal.INVALID, "the description cannot be imported: "
            + e.getMessage());
      }
      if (c.settings().binding() != null
          && tx.find(ObjectKind.BINDING, c.settings().binding()).isEmpty()) {
        throw new Refused(Refusal.INVALID, "settings.binding: no binding "
            + c.settings().binding());
      }
      Optional<Review> base = latestApproved(c.sourceId(), number);
      Evidence evidence = Evidences.of(imported, base.map(Review::number).orElse(0),
          base.map(Review::evidence).orElse(null));
      // Settings are reviewed like bytes: a revision whose settings differ from the approved
      // one's is never approved by the description-only rule.
      boolean sameSettings = base.flatMap(review -> load(ObjectKind.REVISION,
              SourceRevision.idOf(c.sourceId(), review.number()), SourceRevision.class))
          .map(approved -> approved.settings().equals(c.settings())).orElse(false);
      boolean byRule = reviewRules.approveDescriptionOnly() && sameSettings
          && evidence.diff().descriptionOnly() && !evidence.diff().touchesBoundary();
      String id = SourceRevision.idOf(c.sourceId(), number);
      String sha = Hashes.sha256Hex(description);
      ImportSummary summary = new ImportSummary(imported.source().format(),
          imported.source().formatVersion(), imported.source().title(),
          imported.source().version(), imported.source().servers(), imported.tools().size(),
          imported.warnings().size());
      SourceRevision revision = new SourceRevision(created(id), c.sourceId(), number, sha,
          description.length, c.location(), summary, c.settings());
      Review review = new Review(created(id), c.sourceId(), number,
          byRule ? ReviewStatus.APPROVED : ReviewStatus.PENDING, evidence,
          byRule ? ReviewRules.DESCRIPTION_ONLY : null, byRule ? now : null, null);
      tx.putBlob(sha, description);
      insert(ObjectKind.REVISION, id, c.sourceId(), revision, null);
      insert(ObjectKind.REVIEW, id, c.sourceId(), review, null);
      if (existing.isPresent()) {
        Source source = existing.get();
        replace(ObjectKind.SOURCE, source.meta().id(), null,
            new Source(source.meta().changed(actor.id(), now), source.title(),
                source.sandboxFirst(), number, source.published()), null,
            source.meta().revision());
      } else {
        insert(ObjectKind.SOURCE, c.sourceId(), null,
            new Source(created(c.sourceId()), imported.source().title(), false, number,
                Map.of()), null);
      }
      return new Step<>(revision, id, 0, 1, "imported revision " + number + " of "
          + c.sourceId() + " from " + c.location() + " (" + summary.format() + ", "
          + summary.tools() + " tools, " + summary.warnings() + " warnings, sha256 "
          + sha.substring(0, 12) + (c.settings().areDefaults() ? ""
              : "; settings " + c.settings().describe()) + "); review "
          + (byRule ? "approved by " + ReviewRules.DESCRIPTION_ONLY : "pending"));
    }

    Step<Review> decideReview(Command.DecideReview c) {
      String id = SourceRevision.idOf(c.sourceId(), c.number());
      Review review = current(ObjectKind.REVIEW, id, c.expectedRevision(), Review.class);
      if (review.status() != ReviewStatus.PENDING) {
        throw new Refused(Refusal.CONFLICT, "revision " + c.number() + " of " + c.sourceId()
            + " was already " + name(review.status()) + " by " + review.decidedBy());
      }
      ReviewStatus status = c.decision() == Command.Decision.APPROVE
          ? ReviewStatus.APPROVED : ReviewStatus.REJECTED;
      Review decided = new Review(review.meta().changed(actor.id(), now), review.sourceId(),
          review.number(), status, review.evidence(), actor.id(), now, c.note());
      replace(ObjectKind.REVIEW, id, c.sourceId(), decided, null, review.meta().revision());
      return new Step<>(decided, id, review.meta().revision(), decided.meta().revision(),
          name(status) + " revision " + c.number() + " of " + c.sourceId());
    }

    Step<Source> publish(Command.PublishRevision c) {
      Source source = current(ObjectKind.SOURCE, c.sourceId(), c.expectedRevision(),
          Source.class);
      Review review = load(ObjectKind.REVIEW, SourceRevision.idOf(c.sourceId(), c.number()),
          Review.class).orElseThrow(() -> new Refused(Refusal.NOT_FOUND,
              "source " + c.sourceId() + " has no revision " + c.number()));
      if (review.status() != ReviewStatus.APPROVED) {
        throw new Refused(Refusal.CONFLICT, "revision " + c.number() + " of " + c.sourceId()
            + " is " + name(review.status()) + "; only an approved revision can be published");
      }
      if (source.sandboxFirst() && c.environment().equals(Source.PRODUCTION)
          && !Integer.valueOf(c.number()).equals(source.published().get(Source.SANDBOX))) {
        throw new Refused(Refusal.CONFLICT, "source " + c.sourceId() + " is sandbox-first: "
            + "publish revision " + c.number() + " to sandbox before production");
      }
      String binding = load(ObjectKind.REVISION, SourceRevision.idOf(c.sourceId(), c.number()),
          SourceRevision.class).map(revision -> revision.settings().binding()).orElse(null);
      if (binding != null && tx.find(ObjectKind.BINDING, binding).isEmpty()) {
        throw new Refused(Refusal.CONFLICT, "revision " + c.number() + " of " + c.sourceId()
            + " calls upstream with binding " + binding + ", which does not exist; create it"
            + " first");
      }
      Map<String, Integer> published = new HashMap<>(source.published());
      Integer previous = published.put(c.environment(), c.number());
      return changeSource(source, source.title(), source.sandboxFirst(), published,
          "published revision " + c.number() + " of " + c.sourceId() + " to "
              + c.environment() + (previous == null ? "" : " (was revision " + previous + ")"));
    }

    /**
     * Deletes a binding no published revision calls upstream with: one that does is refused, so
     * that a source's tools are never left without their credential.
     */
    Step<Binding> deleteBinding(Command.DeleteBinding c) {
      current(ObjectKind.BINDING, c.id(), c.expectedRevision(), Binding.class);
      List<String> users = new ArrayList<>();
      for (StoredObject stored : tx.list(ObjectKind.SOURCE, null)) {
        Source source = Json.read(stored.body(), Source.class);
        String id = source.meta().id();
        source.published().forEach((environment, number) -> {
          boolean uses = load(ObjectKind.REVISION, SourceRevision.idOf(id, number),
              SourceRevision.class).map(revision -> revision.settings().bindingFor(id))
              .filter(c.id()::equals).isPresent();
          if (uses) {
            users.add(id + " revision " + number + " (" + environment + ")");
          }
        });
      }
      if (!users.isEmpty()) {
        throw new Refused(Refusal.CONFLICT, "binding " + c.id() + " is used by the published "
            + "source " + String.join(", ", users) + "; withdraw it, or publish a revision that "
            + "names another binding, first");
      }
      return delete(ObjectKind.BINDING, c.id(), c.expectedRevision(), Binding.class);
    }

    Step<Source> withdraw(Command.WithdrawSource c) {
      Source source = current(ObjectKind.SOURCE, c.sourceId(), c.expectedRevision(),
          Source.class);
      Map<String, Integer> published = new HashMap<>(source.published());
      Integer previous = published.remove(c.environment());
      if (previous == null) {
        throw new Refused(Refusal.CONFLICT, "source " + c.sourceId() + " is not published to "
            + c.environment());
      }
      return changeSource(source, source.title(), source.sandboxFirst(), published,
          "withdrew " + c.sourceId() + " from " + c.environment() + " (was revision "
              + previous + ")");
    }

    Step<Source> updateSource(Command.UpdateSource c) {
      Source source = current(ObjectKind.SOURCE, c.sourceId(), c.expectedRevision(),
          Source.class);
      return changeSource(source, c.title(), c.sandboxFirst(), source.published(),
          "source " + c.sourceId() + ": title " + (c.title() == null ? "none" : c.title())
              + ", sandbox-first " + (c.sandboxFirst() ? "on" : "off"));
    }

    private Step<Source> changeSource(Source source, @Nullable String title,
        boolean sandboxFirst, Map<String, Integer> published, String summary) {
      Source changed = new Source(source.meta().changed(actor.id(), now), title, sandboxFirst,
          source.latestRevision(), published);
      replace(ObjectKind.SOURCE, source.meta().id(), null, changed, null,
          source.meta().revision());
      return new Step<>(changed, source.meta().id(), source.meta().revision(),
          changed.meta().revision(), summary);
    }

    Step<OperationSelection> select(Command.SelectOperations c) {
      load(ObjectKind.SOURCE, c.sourceId(), Source.class).orElseThrow(
          () -> new Refused(Refusal.NOT_FOUND, "no source " + c.sourceId()));
      Set<String> before = load(ObjectKind.SELECTION, c.sourceId(), OperationSelection.class)
          .map(OperationSelection::tools).orElse(Set.of());
      TreeSet<String> added = new TreeSet<>(c.tools());
      added.removeAll(before);
      TreeSet<String> removed = new TreeSet<>(before);
      removed.removeAll(c.tools());
      return put(ObjectKind.SELECTION, c.sourceId(), null, c.expectedRevision(),
          meta -> new OperationSelection(meta, c.tools()), OperationSelection.class,
          "selection of " + c.sourceId() + ": " + c.tools().size() + " tools, added "
              + added + ", removed " + removed);
    }

    /** What a put changes in a binding, by name only: references are not repeated. */
    String bindingChanges(CredentialBinding next) {
      Optional<Binding> previous = load(ObjectKind.BINDING, next.id(), Binding.class);
      if (previous.isEmpty()) {
        return "";
      }
      CredentialBinding before = previous.get().binding();
      List<String> changed = new ArrayList<>();
      if (before.kind() != next.kind()) {
        changed.add("kind was " + before.kind().wireName());
      }
      if (!before.secretRef().equals(next.secretRef())) {
        changed.add("secret reference changed");
      }
      if (!before.profileRefs().equals(next.profileRefs())) {
        changed.add("profile references changed");
      }
      if (!before.settings().equals(next.settings())) {
        changed.add("settings changed");
      }
      return changed.isEmpty() ? ": nothing changed" : ": " + String.join(", ", changed);
    }

    Step<Client> createClient(Command.CreateClient c) {
      Client client = new Client(created(c.clientId()),
          c.displayName() == null ? c.clientId() : c.displayName(), c.tenant(), c.scopes(),
          false);
      insert(ObjectKind.CLIENT, c.clientId(), null, client, null);
      return new Step<>(client, c.clientId(), 0, 1, "created client " + c.clientId());
    }

    Step<Client> updateClient(Command.UpdateClient c) {
      Client client = current(ObjectKind.CLIENT, c.clientId(), c.expectedRevision(),
          Client.class);
      if (client.revoked()) {
        throw new Refused(Refusal.CONFLICT, "client " + c.clientId() + " is revoked");
      }
      Client changed = new Client(client.meta().changed(actor.id(), now),
          c.displayName() == null ? c.clientId() : c.displayName(), c.tenant(), c.scopes(),
          false);
      replace(ObjectKind.CLIENT, c.clientId(), null, changed, null, client.meta().revision());
      return new Step<>(changed, c.clientId(), client.meta().revision(),
          changed.meta().revision(), "changed client " + c.clientId() + ": display name "
              + changed.displayName() + ", tenant " + (c.tenant() == null ? "none" : c.tenant())
              + ", scopes " + new TreeSet<>(c.scopes()));
    }

    Step<Profile> createProfile(Command.CreateProfile c) {
      liveClient(c.clientId());
      String id = Profile.idOf(c.clientId(), c.profile());
      Profile profile = new Profile(created(id), c.clientId(), c.profile(), false);
      insert(ObjectKind.PROFILE, id, c.clientId(), profile, null);
      return new Step<>(profile, id, 0, 1, "created profile " + id);
    }

    Step<IssuedClientKey> issueKey(Command.IssueKey c) {
      String profileId = liveProfile(c.clientId(), c.profile());
      String secret = ClientRegistry.generateKey();
      String keyId = ClientRegistry.keyIdOf(secret);
      ClientKey key = new ClientKey(created(keyId), c.clientId(), c.profile(), false);
      insert(ObjectKind.KEY, keyId, c.clientId(), key, ClientRegistry.hashKey(secret));
      return new Step<>(new IssuedClientKey(key, secret), keyId, 0, 1,
          "issued key " + keyId + " for " + profileId);
    }

    Step<ClientKey> registerKey(Command.RegisterKey c) {
      liveProfile(c.clientId(), c.profile());
      ClientKey key = new ClientKey(created(c.keyId()), c.clientId(), c.profile(), false);
      insert(ObjectKind.KEY, c.keyId(), c.clientId(), key, c.sha256());
      return new Step<>(key, c.keyId(), 0, 1, "registered key " + c.keyId() + " for "
          + Profile.idOf(c.clientId(), c.profile()) + " by its hash");
    }

    Step<IssuedOperatorToken> createOperator(Command.CreateOperator c) {
      String token = OPERATOR_TOKEN_PREFIX + c.name() + "." + Hashes.randomSecret();
      Operator operator = new Operator(created(c.name()), c.name(), c.role(), false);
      insert(ObjectKind.OPERATOR, c.name(), null, operator, Hashes.sha256(token));
      return new Step<>(new IssuedOperatorToken(operator, token), c.name(), 0, 1,
          "created operator " + c.name() + " with the role " + name(c.role()));
    }

    <O extends ControlObject> Step<O> put(ObjectKind kind, String id, @Nullable String parent,
        long expectedRevision, Function<ObjectMeta, O> build, Class<O> type,
        String what) {
      if (expectedRevision == 0) {
        O object = build.apply(created(id));
        insert(kind, id, parent, object, null);
        return new Step<>(object, id, 0, 1, "created " + what);
      }
      O current = current(kind, id, expectedRevision, type);
      O object = build.apply(current.meta().changed(actor.id(), now));
      replace(kind, id, parent, object, null, expectedRevision);
      return new Step<>(object, id, expectedRevision, expectedRevision + 1, "changed " + what);
    }

    <O extends ControlObject> Step<O> delete(ObjectKind kind, String id, long expectedRevision,
        Class<O> type) {
      O current = current(kind, id, expectedRevision, type);
      if (!tx.delete(kind, id, expectedRevision)) {
        throw stale(kind, id, expectedRevision);
      }
      return new Step<>(current, id, expectedRevision, 0, "deleted " + name(kind) + " " + id);
    }

    <O extends ControlObject> Step<O> revoke(ObjectKind kind, String id, long expectedRevision,
        Class<O> type, BiFunction<O, ObjectMeta, O> revoked,
        Predicate<O> isRevoked) {
      O current = current(kind, id, expectedRevision, type);
      if (isRevoked.test(current)) {
        throw new Refused(Refusal.CONFLICT, name(kind) + " " + id + " is already revoked");
      }
      O changed = revoked.apply(current, current.meta().changed(actor.id(), now));
      StoredObject stored = tx.find(kind, id).orElseThrow();
      replace(kind, id, stored.parentId(), changed, stored.secretHash(), expectedRevision);
      return new Step<>(changed, id, expectedRevision, expectedRevision + 1,
          "revoked " + name(kind) + " " + id);
    }

    /** Refuses a client or profile that is missing or revoked; returns the profile's id. */
    private String liveProfile(String clientId, String name) {
      liveClient(clientId);
      String profileId = Profile.idOf(clientId, name);
      Profile profile = load(ObjectKind.PROFILE, profileId, Profile.class).orElseThrow(
          () -> new Refused(Refusal.NOT_FOUND, "client " + clientId + " has no profile "
              + name));
      if (profile.revoked()) {
        throw new Refused(Refusal.CONFLICT, "profile " + profileId + " is revoked");
      }
      return profileId;
    }

    private void liveClient(String clientId) {
      Client client = load(ObjectKind.CLIENT, clientId, Client.class).orElseThrow(
          () -> new Refused(Refusal.NOT_FOUND, "no client " + clientId));
      if (client.revoked()) {
        throw new Refused(Refusal.CONFLICT, "client " + clientId + " is revoked");
      }
    }

    private Optional<Review> latestApproved(String sourceId, int before) {
      return tx.list(ObjectKind.REVIEW, sourceId).stream()
          .map(stored -> Json.read(stored.body(), Review.class))
          .filter(review -> review.status() == ReviewStatus.APPROVED && review.number() < before)
          .max(Comparator.comparingInt(Review::number));
    }

    private ObjectMeta created(String id) {
      return ObjectMeta.created(id, actor.owns(), actor.id(), now);
    }

    private <O extends ControlObject> Optional<O> load(ObjectKind kind, String id,
        Class<O> type) {
      return tx.find(kind, id).map(stored -> Json.read(stored.body(), type));
    }

    /** The object as the command may change it: present, not file-owned, not stale. */
    private <O extends ControlObject> O current(ObjectKind kind, String id, long expected,
        Class<O> type) {
      O object = load(kind, id, type).orElseThrow(
          () -> new Refused(Refusal.NOT_FOUND, "no " + name(kind) + " " + id));
      checkOwner(object);
      if (object.meta().revision() != expected) {
        throw stale(kind, id, expected, object.meta().revision());
      }
      return object;
    }

    private void checkOwner(ControlObject object) {
      if (object.meta().owner() == Owner.FILE && actor.surface() != Surface.FILE) {
        throw new Refused(Refusal.FILE_OWNED, object.meta().id() + " is declared in the "
            + "configuration file; change it there");
      }
    }

    private void insert(ObjectKind kind, String id, @Nullable String parent, Object object,
        byte @Nullable [] hash) {
      if (!tx.insert(new StoredObject(kind, id, parent, 1, Json.write(object), hash))) {
        throw new Refused(Refusal.ALREADY_EXISTS, name(kind) + " " + id + " already exists");
      }
    }

    private void replace(ObjectKind kind, String id, @Nullable String parent,
        ControlObject object, byte @Nullable [] hash, long expected) {
      if (!tx.replace(new StoredObject(kind, id, parent, object.meta().revision(),
          Json.write(object), hash), expected)) {
        throw stale(kind, id, expected);
      }
    }

    private Refused stale(ObjectKind kind, String id, long expected) {
      return new Refused(Refusal.STALE_REVISION, name(kind) + " " + id + " changed since "
          + "revision " + expected + "; read it again");
    }

    private Refused stale(ObjectKind kind, String id, long expected, long actual) {
      return new Refused(Refusal.STALE_REVISION, name(kind) + " " + id + " is at revision "
          + actual + ", not " + expected + "; read it again");
    }
  }

  /** The process's import options, with the source's id and what the settings decide. */
  private ImportOptions optionsFor(String sourceId, ImportSettings settings) {
    return settings.applyTo(ImportOptions.builder()
        .selection(importOptions.selection())
        .namePrefix(importOptions.namePrefix())
        .serverUrl(importOptions.serverUrl())
        .maxDocumentBytes(importOptions.maxDocumentBytes())
        .maxRefDepth(importOptions.maxRefDepth())
        .maxYamlAliases(importOptions.maxYamlAliases())
        .inferCredentials(importOptions.inferCredentials())
        .credentialParameters(importOptions.credentialParameters())
        .inputParameters(importOptions.inputParameters())
        .sourceId(sourceId))
        .build();
  }

  // ---- file and URL import -----------------------------------------------------------------

  @Override
  public Outcome<SourceRevision> importFrom(Actor actor, String sourceId, String fileOrUrl,
      ImportSettings settings) {
    byte[] description;
    try {
      description = ApiImporter.read(fileOrUrl, importOptions);
    } catch (ImportException e) {
      return new Outcome.Refused<>(Refusal.INVALID, e.getMessage());
    }
    return apply(actor, new Command.ImportRevision(sourceId, description, fileOrUrl, settings));
  }

  // ---- reads -------------------------------------------------------------------------------

  private <O> List<O> all(ObjectKind kind, @Nullable String parent, Class<O> type) {
    return store.read(tx -> tx.list(kind, parent).stream()
        .map(stored -> Json.read(stored.body(), type)).toList());
  }

  private <O> Optional<O> one(ObjectKind kind, String id, Class<O> type) {
    return store.read(tx -> tx.find(kind, id).map(stored -> Json.read(stored.body(), type)));
  }

  @Override
  public Optional<Source> source(String id) {
    return one(ObjectKind.SOURCE, id, Source.class);
  }

  @Override
  public List<Source> sources() {
    return all(ObjectKind.SOURCE, null, Source.class);
  }

  @Override
  public List<SourceRevision> revisions(String sourceId) {
    return all(ObjectKind.REVISION, sourceId, SourceRevision.class).stream()
        .sorted(Comparator.comparingInt(SourceRevision::number)).toList();
  }

  @Override
  public Optional<Review> review(String sourceId, int number) {
    return one(ObjectKind.REVIEW, SourceRevision.idOf(sourceId, number), Review.class);
  }

  @Override
  public Optional<byte[]> description(String sourceId, int number) {
    return store.read(tx -> tx.find(ObjectKind.REVISION, SourceRevision.idOf(sourceId, number))
        .map(stored -> Json.read(stored.body(), SourceRevision.class))
        .flatMap(revision -> tx.blob(revision.sha256())));
  }

  @Override
  public Optional<OperationSelection> selection(String sourceId) {
    return one(ObjectKind.SELECTION, sourceId, OperationSelection.class);
  }

  @Override
  public List<Binding> bindings() {
    return all(ObjectKind.BINDING, null, Binding.class);
  }

  @Override
  public List<Client> clients() {
    return all(ObjectKind.CLIENT, null, Client.class);
  }

  @Override
  public List<Profile> profiles(String clientId) {
    return all(ObjectKind.PROFILE, clientId, Profile.class);
  }

  @Override
  public List<ClientKey> keys(String clientId) {
    return all(ObjectKind.KEY, clientId, ClientKey.class);
  }

  @Override
  public Optional<Client> client(String id) {
    return one(ObjectKind.CLIENT, id, Client.class);
  }

  @Override
  public Optional<ClientKey> key(String keyId) {
    return one(ObjectKind.KEY, keyId, ClientKey.class);
  }

  @Override
  public List<Rule> rules() {
    return all(ObjectKind.RULE, null, Rule.class).stream()
        .sorted(Comparator.comparingInt((Rule rule) -> rule.definition().order())
            .thenComparing(rule -> rule.meta().id()))
        .toList();
  }

  @Override
  public List<Limit> limits() {
    return all(ObjectKind.LIMIT, null, Limit.class);
  }

  @Override
  public List<Operator> operators() {
    return all(ObjectKind.OPERATOR, null, Operator.class);
  }

  @Override
  public Optional<Actor> authenticate(String token, Surface surface) {
    if (!token.startsWith(OPERATOR_TOKEN_PREFIX) || token.length() > 256) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= OPERATOR_TOKEN_PREFIX.length()) {
      return Optional.empty();
    }
    String name = token.substring(OPERATOR_TOKEN_PREFIX.length(), dot);
    byte[] presented = Hashes.sha256(token);
    return store.read(tx -> tx.find(ObjectKind.OPERATOR, name)).flatMap(stored -> {
      byte[] hash = stored.secretHash();
      Operator operator = Json.read(stored.body(), Operator.class);
      if (hash == null || operator.revoked() || !MessageDigest.isEqual(hash, presented)) {
        return Optional.empty();
      }
      return Optional.of(new Actor(operator.name(), operator.role(), surface));
    });
  }

  // ---- snapshot, change log, publication -------------------------------------------------

  @Override
  public ControlSnapshot snapshot(String environment) {
    return store.read(tx -> new SnapshotReader(tx, environment).read());
  }

  @Override
  public ControlSnapshot snapshot(String environment, ControlSnapshot previous) {
    if (!previous.environment().equals(environment)) {
      return snapshot(environment);
    }
    return store.read(tx -> {
      long now = tx.sequence();
      if (now == previous.sequence()) {
        return previous;
      }
      long missing = now - previous.sequence();
      if (missing < 0 || missing > 1000) {
        return new SnapshotReader(tx, environment).read();
      }
      List<ChangeEvent> changes = tx.changes(new ChangeQuery(null, null, null, null, null,
          previous.sequence(), (int) missing));
      if (changes.size() != missing) {
        return new SnapshotReader(tx, environment).read();
      }
      Set<String> touched = new TreeSet<>();
      for (ChangeEvent change : changes) {
        String clientId = clientOf(tx, change);
        if (clientId == null && change.kind() != ObjectKind.OPERATOR) {
          return new SnapshotReader(tx, environment).read(); // not a client: read it all
        }
        if (clientId != null) {
          touched.add(clientId);
        }
      }
      Map<String, ControlSnapshot.SnapshotClient> clients = new java.util.LinkedHashMap<>();
      previous.clients().forEach(client -> clients.put(client.id(), client));
      for (String clientId : touched) {
        ControlSnapshot.SnapshotClient client = readClient(tx, clientId);
        if (client == null) {
          clients.remove(clientId);
        } else {
          clients.put(clientId, client);
        }
      }
      return new ControlSnapshot(now, environment, previous.tools(), previous.bindings(),
          List.copyOf(clients.values()), previous.rules(), previous.limits(),
          previous.sources());
    });
  }

  /** The client a change is about, or null when it is about something else. */
  private static @Nullable String clientOf(StoreTransaction tx, ChangeEvent change) {
    return switch (change.kind()) {
      case CLIENT -> change.objectId();
      case PROFILE -> change.objectId().contains("/")
          ? change.objectId().substring(0, change.objectId().indexOf('/')) : null;
      case KEY -> tx.find(ObjectKind.KEY, change.objectId()).map(StoredObject::parentId)
          .orElse(null);
      default -> null;
    };
  }

  /** One client as a full snapshot has it, or null when it is gone or revoked. */
  private static ControlSnapshot.@Nullable SnapshotClient readClient(StoreTransaction tx,
      String clientId) {
    Optional<Client> found = tx.find(ObjectKind.CLIENT, clientId)
        .map(stored -> Json.read(stored.body(), Client.class));
    if (found.isEmpty() || found.get().revoked()) {
      return null;
    }
    Set<String> live = new TreeSet<>();
    for (StoredObject stored : tx.list(ObjectKind.PROFILE, clientId)) {
      Profile profile = Json.read(stored.body(), Profile.class);
      if (!profile.revoked()) {
        live.add(profile.name());
      }
    }
    List<ControlSnapshot.SnapshotKey> keys = new ArrayList<>();
    for (StoredObject stored : tx.list(ObjectKind.KEY, clientId)) {
      ClientKey key = Json.read(stored.body(), ClientKey.class);
      byte[] hash = stored.secretHash();
      if (!key.revoked() && hash != null && live.contains(key.profile())) {
        keys.add(new ControlSnapshot.SnapshotKey(key.meta().id(), key.profile(), hash));
      }
    }
    Client client = found.get();
    return new ControlSnapshot.SnapshotClient(clientId, client.displayName(), client.tenant(),
        client.scopes(), keys);
  }

  /** Reads one environment's snapshot in one transaction. */
  private final class SnapshotReader {
    private final StoreTransaction tx;
    private final String environment;

    SnapshotReader(StoreTransaction tx, String environment) {
      this.tx = tx;
      this.environment = environment;
    }

    ControlSnapshot read() {
      List<ToolDefinition> tools = new ArrayList<>();
      List<ControlSnapshot.SnapshotSource> sources = new ArrayList<>();
      for (Source source : list(ObjectKind.SOURCE, null, Source.class)) {
        Integer number = source.published().get(environment);
        if (number != null) {
          SourceRevision revision = tx.find(ObjectKind.REVISION,
                  SourceRevision.idOf(source.meta().id(), number))
              .map(stored -> Json.read(stored.body(), SourceRevision.class)).orElseThrow();
          tools.addAll(toolsOf(revision));
          sources.add(new ControlSnapshot.SnapshotSource(source.meta().id(), number,
              source.meta().owner(), revision.settings()));
        }
      }
      // Three reads whatever the number of clients: profiles and keys are grouped in memory.
      Map<String, Set<String>> liveProfiles = new HashMap<>();
      for (Profile profile : list(ObjectKind.PROFILE, null, Profile.class)) {
        if (!profile.revoked()) {
          liveProfiles.computeIfAbsent(profile.clientId(), id -> new TreeSet<>())
              .add(profile.name());
        }
      }
      Map<String, List<ControlSnapshot.SnapshotKey>> keys = new HashMap<>();
      for (StoredObject stored : tx.list(ObjectKind.KEY, null)) {
        ClientKey key = Json.read(stored.body(), ClientKey.class);
        byte[] hash = stored.secretHash();
        if (!key.revoked() && hash != null && liveProfiles
            .getOrDefault(key.clientId(), Set.of()).contains(key.profile())) {
          keys.computeIfAbsent(key.clientId(), id -> new ArrayList<>())
              .add(new ControlSnapshot.SnapshotKey(key.meta().id(), key.profile(), hash));
        }
      }
      List<ControlSnapshot.SnapshotClient> clients = new ArrayList<>();
      for (Client client : list(ObjectKind.CLIENT, null, Client.class)) {
        if (!client.revoked()) {
          clients.add(new ControlSnapshot.SnapshotClient(client.meta().id(),
              client.displayName(), client.tenant(), client.scopes(),
              keys.getOrDefault(client.meta().id(), List.of())));
        }
      }
      return new ControlSnapshot(tx.sequence(), environment, tools,
          list(ObjectKind.BINDING, null, Binding.class).stream().map(Binding::binding).toList(),
          clients,
          list(ObjectKind.RULE, null, Rule.class).stream()
              .sorted(Comparator.comparingInt((Rule rule) -> rule.definition().order())
                  .thenComparing(rule -> rule.meta().id()))
              .map(rule -> rule.definition().toPolicyRule()).toList(),
          list(ObjectKind.LIMIT, null, Limit.class).stream().map(Limit::definition).toList(),
          sources);
    }

    private List<ToolDefinition> toolsOf(SourceRevision revision) {
      String sourceId = revision.sourceId();
      // A revision never changes, so its tools are computed once per process.
      List<ToolDefinition> tools = toolsByRevision.computeIfAbsent(
          new RevisionKey(revision.meta().id(), revision.sha256(), revision.settings()), key -> {
            byte[] description = tx.blob(revision.sha256()).orElseThrow();
            return ApiImporter.importContent(description, revision.location(),
                optionsFor(sourceId, revision.settings())).tools();
          });
      Optional<OperationSelection> selection = tx.find(ObjectKind.SELECTION, sourceId)
          .map(stored -> Json.read(stored.body(), OperationSelection.class));
      return selection.map(selected -> tools.stream()
              .filter(tool -> selected.tools().contains(tool.name())).toList())
          .orElse(tools);
    }

    private <O> List<O> list(ObjectKind kind, @Nullable String parent, Class<O> type) {
      return tx.list(kind, parent).stream().map(stored -> Json.read(stored.body(), type))
          .toList();
    }
  }

  @Override
  public long sequence() {
    return store.read(StoreTransaction::sequence);
  }

  @Override
  public List<ChangeEvent> changes(ChangeQuery query) {
    return store.read(tx -> tx.changes(query));
  }

  @Override
  public Subscription subscribe(ChangeListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public void close() {
    audit.close();
  }
}
