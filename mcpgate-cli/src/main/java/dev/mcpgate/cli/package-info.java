/** The {@code mcpgate} command line: one runnable jar for operators. */
@NullMarked
package dev.mcpgate.cli;

import org.jspecify.annotations.NullMarked;
