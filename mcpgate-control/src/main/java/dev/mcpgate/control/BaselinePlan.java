package dev.mcpgate.control;

import dev.mcpgate.control.internal.BaselineReconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a store's file-owned objects differ from a {@link Baseline}, as a list of changes, and the
 * one way to bring them to it. Every path that reconciles a declarative file with a store uses
 * this class: {@code mcpgate serve} at start and on {@code SIGHUP}, {@code mcpgate diff} (the
 * plan, printed) and {@code mcpgate apply} (the plan, printed, then applied).
 *
 * <p>Only objects the file owns ({@link Owner#FILE}) are touched: created when the baseline
 * declares them and the store lacks them, changed when they differ, removed (deleted, revoked or
 * withdrawn, as the kind allows) when the baseline no longer declares them. An object of the
 * store with a baseline object's id but owned by the API is left alone and named in {@link
 * #notes()}. Each change goes through {@link ControlPlane#apply}, so it is authorized, recorded
 * and published like any other; it reads the current revision when it runs, so a plan applied
 * a little later than it was made applies to what the store holds then.
 *
 * <p>Immutable once made; {@link #apply} may be called from any thread.
 */
public final class BaselinePlan {

  /** What a change does to an object. */
  public enum Action {
    /** The object is created. */
    ADD,
    /** The object is changed. */
    CHANGE,
    /** The object is deleted, revoked or withdrawn. */
    REMOVE;

    /** {@code +}, {@code ~} or {@code -}, as a diff marks it. */
    String mark() {
      return switch (this) {
        case ADD -> "+";
        case CHANGE -> "~";
        case REMOVE -> "-";
      };
    }
  }

  /**
   * One planned change.
   *
   * @param action what it does
   * @param kind the kind of object
   * @param id the object's id
   * @param summary what changes, for people (never a secret)
   */
  public record Change(Action action, ObjectKind kind, String id, String summary) {
    /** Validates the fields. */
    public Change {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(summary, "summary");
    }

    /**
     * The change as a diff line, such as {@code + binding github: created (bearer)}.
     *
     * @return the line
     */
    public String line() {
      return action.mark() + " " + kind.name().toLowerCase(Locale.ROOT) + " " + id + ": "
          + summary;
    }
  }

  /**
   * What applying did.
   *
   * @param applied how many commands were applied
   * @param problems one line per command refused, or object that could not be reconciled
   */
  public record Result(int applied, List<String> problems) {
    /** Copies the list. */
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final BaselineReconciler.Plan plan;

  private BaselinePlan(BaselineReconciler.Plan plan) {
    this.plan = plan;
  }

  /**
   * Compares a baseline with a store's objects, reading the store now.
   *
   * @param control the control plane over the store
   * @param baseline what the file declares
   * @param environment the environment the file's approved sources are published to
   * @return the plan, possibly empty
   * @throws ControlStoreException if the store cannot be read
   */
  public static BaselinePlan of(ControlPlane control, Baseline baseline, String environment) {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(environment, "environment");
    return new BaselinePlan(BaselineReconciler.plan(control, baseline, environment));
  }

  /**
   * The changes, in the order they are applied: bindings, clients (with profiles and keys),
   * sources (with their selections), rules, limits.
   *
   * @return the changes, possibly none
   */
  public List<Change> changes() {
    return plan.changes();
  }

  /**
   * What the plan cannot change and leaves as it is (an object of the same id owned by the API;
   * a revocation, which is final, that the file undoes).
   *
   * @return the notes, possibly none
   */
  public List<String> notes() {
    return plan.notes();
  }

  /**
   * Whether the store's file-owned objects already are what the baseline declares.
   *
   * @return true when there is nothing to change
   */
  public boolean empty() {
    return plan.changes().isEmpty();
  }

  /**
   * The plan as lines: one per change, then the notes prefixed with {@code !}.
   *
   * @return the lines, none when there is nothing to change or note
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    plan.changes().forEach(change -> lines.add(change.line()));
    plan.notes().forEach(note -> lines.add("! " + note));
    return lines;
  }

  /**
   * Applies every change, in order, as {@code actor}; a refused change is reported and the
   * others still run.
   *
   * @param actor who applies it; its surface must be {@link Surface#FILE}, so that what it
   *     creates is owned by the file
   * @return what was applied, and what was refused
   * @throws IllegalArgumentException if the actor's surface is not {@code file}
   * @throws ControlStoreException if the store fails (changes applied before stay applied)
   */
  public Result apply(Actor actor) {
    if (actor.surface() != Surface.FILE) {
      throw new IllegalArgumentException("a baseline is applied through the surface file, so"
          + " that what it creates is owned by the file");
    }
    return plan.apply(actor);
  }
}
