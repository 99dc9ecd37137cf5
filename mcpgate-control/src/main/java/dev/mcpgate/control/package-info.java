/**
 * The control plane: the objects operators govern (sources and their reviewed revisions,
 * operation selections, credential bindings, clients with profiles and keys, policy rules,
 * limits, operators) and {@link dev.mcpgate.control.ControlPlane}, the one service layer every
 * surface calls. Every change is authorized, validated, persisted in one transaction, recorded
 * as a {@link dev.mcpgate.control.ChangeEvent} and published to subscribers.
 */
@NullMarked
package dev.mcpgate.control;

import org.jspecify.annotations.NullMarked;
