package dev.mcpgate.control;

/** The kinds of control-plane objects, as the store and the change log name them. */
public enum ObjectKind {
  /** {@link Source}. */
  SOURCE,
  /** {@link SourceRevision}. */
  REVISION,
  /** {@link Review}. */
  REVIEW,
  /** {@link OperationSelection}. */
  SELECTION,
  /** {@link Binding}. */
  BINDING,
  /** {@link Client}. */
  CLIENT,
  /** {@link Profile}. */
  PROFILE,
  /** {@link ClientKey}. */
  KEY,
  /** {@link Rule}. */
  RULE,
  /** {@link Limit}. */
  LIMIT,
  /** {@link Operator}. */
  OPERATOR
}
