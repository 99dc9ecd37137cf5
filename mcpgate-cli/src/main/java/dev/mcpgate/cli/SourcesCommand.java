package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.control.Command.DecideReview;
import dev.mcpgate.control.Command.Decision;
import dev.mcpgate.control.Command.PublishRevision;
import dev.mcpgate.control.Command.SelectOperations;
import dev.mcpgate.control.Command.WithdrawSource;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Evidence;
import dev.mcpgate.control.OperationEvidence;
import dev.mcpgate.control.OperationSelection;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.RevisionDiff;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate sources ...}: the review workflow from the command line. Import a description
 * as a new revision pending review, read its evidence and diff, approve or reject it, publish it
 * to an environment (or withdraw the source from one), and choose which of its operations are
 * served.
 */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Import, review, approve, publish and narrow the control plane's sources.",
    subcommands = {
      SourcesCommand.Import.class, SourcesCommand.ListAll.class, SourcesCommand.ShowReview.class,
      SourcesCommand.Approve.class, SourcesCommand.Reject.class, SourcesCommand.Publish.class,
      SourcesCommand.Withdraw.class, SourcesCommand.Select.class
    })
public final class SourcesCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public SourcesCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static String line(Source source) {
    return String.format(Locale.ROOT, "%-24s revisions %d, published %s%s", source.meta().id(),
        source.latestRevision(), source.published().isEmpty() ? "nowhere" : source.published(),
        source.sandboxFirst() ? ", sandbox first" : "");
  }

  static String line(SourceRevision revision) {
    return String.format(Locale.ROOT, "revision %s: %s %s, %d tools, %d warnings, sha256 %s,"
        + " from %s", revision.meta().id(), revision.summary().format(),
        revision.summary().formatVersion(), revision.summary().tools(),
        revision.summary().warnings(), revision.sha256(), revision.location());
  }

  /** The review's evidence as a person reads it, diff last. */
  static List<String> lines(Review review) {
    List<String> lines = new ArrayList<>();
    lines.add("review " + review.meta().id() + ": "
        + review.status().name().toLowerCase(Locale.ROOT)
        + (review.decidedBy() == null ? ""
            : " by " + review.decidedBy() + " at " + review.decidedAt())
        + (review.note() == null ? "" : " (" + review.note() + ")"));
    Evidence evidence = review.evidence();
    lines.add("operations (" + evidence.operations().size() + "):");
    for (OperationEvidence operation : evidence.operations()) {
      lines.add(String.format(Locale.ROOT, "  %-32s %-7s %-40s %-11s %s", operation.tool(),
          operation.method(), operation.path(), operation.risk().name().toLowerCase(Locale.ROOT),
          operation.auth().isEmpty() ? "no auth" : String.join(", ", operation.auth())));
    }
    lines.add("auth: " + (evidence.auth().isEmpty() ? "none" : String.join("; ", evidence.auth())));
    lines.add("hosts: "
        + (evidence.hosts().isEmpty() ? "none" : String.join(", ", evidence.hosts())));
    evidence.warnings().forEach(warning -> lines.add("warning: " + warning));
    RevisionDiff diff = evidence.diff();
    if (diff.base() == 0) {
      lines.add("diff: no approved revision to compare with");
    } else {
      lines.add("diff against revision " + diff.base() + ":");
      lines.add("  operations added: " + list(diff.added()));
      lines.add("  operations removed: " + list(diff.removed()));
      lines.add("  operations changed: " + list(diff.changed()));
      lines.add("  descriptions changed: " + list(diff.redescribed()));
      lines.add("  write operations changed: " + (diff.writesChanged() ? "yes" : "no"));
      lines.add("  auth added: " + list(diff.authAdded()) + "; removed: "
          + list(diff.authRemoved()));
      lines.add("  hosts added: " + list(diff.hostsAdded()) + "; removed: "
          + list(diff.hostsRemoved()));
    }
    return lines;
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "none" : String.join(", ", values);
  }

  /** The revision named, or the source's newest. */
  static int revision(ControlPlane control, String sourceId, @Nullable Integer number) {
    if (number != null) {
      return number;
    }
    return control.source(sourceId).map(Source::latestRevision)
        .orElseThrow(() -> StoreCommand.usage("no source " + sourceId));
  }

  /** {@code mcpgate sources import SOURCE FILE|URL}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import a description (file or http(s) URL) as a new revision of a source,"
          + " pending review; prints the review's evidence and diff.")
  public static final class Import extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Parameters(index = "1", paramLabel = "FILE|URL", description = "The description.")
    private String location = "";

    /** Creates the command; picocli fills in its options. */
    public Import() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.outcome(control.importFrom(ACTOR, source, location), revision -> {
        List<String> lines = new ArrayList<>(List.of(line(revision)));
        control.review(source, revision.number()).map(SourcesCommand::lines)
            .ifPresent(lines::addAll);
        return lines;
      });
    }
  }

  /** {@code mcpgate sources list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the sources with their revisions and where each is published.")
  public static final class ListAll extends StoreCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.show(control.sources(), sources -> sources.isEmpty()
          ? List.of("no sources") : sources.stream().map(SourcesCommand::line).toList());
    }
  }

  /** {@code mcpgate sources review SOURCE [--revision N]}. */
  @Command(name = "review", mixinStandardHelpOptions = true,
      description = "Show a revision's review: its evidence and its diff against the approved"
          + " revision.")
  public static final class ShowReview extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public ShowReview() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      int at = revision(control, source, number);
      Review review = control.review(source, at)
          .orElseThrow(() -> usage("source " + source + " has no revision " + at));
      return output.show(review, SourcesCommand::lines);
    }
  }

  /** Approving and rejecting share all but the decision. */
  abstract static class Decide extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the record.")
    private @Nullable String note;

    abstract Decision decision();

    @Override
    final int run(ControlPlane control, CommandOutput output) {
      int at = revision(control, source, number);
      long expected = control.review(source, at).map(r -> r.meta().revision()).orElse(1L);
      return output.outcome(
          control.apply(ACTOR, new DecideReview(source, at, decision(), note, expected)),
          review -> List.of(lines(review).get(0)));
    }
  }

  /** {@code mcpgate sources approve SOURCE [--revision N] [--note TEXT]}. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a pending revision, freezing the evidence it was approved on.")
  public static final class Approve extends Decide {
    /** Creates the command; picocli fills in its options. */
    public Approve() {}

    @Override
    Decision decision() {
      return Decision.APPROVE;
    }
  }

  /** {@code mcpgate sources reject SOURCE [--revision N] [--note TEXT]}. */
  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject a pending revision.")
  public static final class Reject extends Decide {
    /** Creates the command; picocli fills in its options. */
    public Reject() {}

    @Override
    Decision decision() {
      return Decision.REJECT;
    }
  }

  /** {@code mcpgate sources publish SOURCE --env ENV [--revision N]}. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Make an approved revision the one served in an environment.")
  public static final class Publish extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--env", required = true, paramLabel = "ENV",
        description = "The environment, such as sandbox or production.")
    private String environment = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public Publish() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      int at = revision(control, source, number);
      long expected = control.source(source).map(s -> s.meta().revision()).orElse(1L);
      return output.outcome(
          control.apply(ACTOR, new PublishRevision(source, at, environment, expected)),
          published -> List.of(line(published)));
    }
  }

  /** {@code mcpgate sources withdraw SOURCE --env ENV}. */
  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Stop serving a source in an environment.")
  public static final class Withdraw extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment.")
    private String environment = "";

    /** Creates the command; picocli fills in its options. */
    public Withdraw() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long expected = control.source(source).map(s -> s.meta().revision()).orElse(1L);
      return output.outcome(control.apply(ACTOR, new WithdrawSource(source, environment, expected)),
          withdrawn -> List.of(line(withdrawn)));
    }
  }

  /** {@code mcpgate sources select SOURCE TOOL...}. */
  @Command(name = "select", mixinStandardHelpOptions = true,
      description = "Serve only these tools of a source (replacing its selection).")
  public static final class Select extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TOOL",
        description = "The tools served.")
    private List<String> tools = new ArrayList<>();

    /** Creates the command; picocli fills in its options. */
    public Select() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      Optional<OperationSelection> current = control.selection(source);
      long expected = current.map(s -> s.meta().revision()).orElse(0L);
      return output.outcome(control.apply(ACTOR,
              new SelectOperations(source, new LinkedHashSet<>(tools), expected)),
          selection -> List.of("source " + source + " serves " + selection.tools().size()
              + " tools: " + String.join(", ", selection.tools())));
    }
  }
}
