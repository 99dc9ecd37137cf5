package dev.mcpgate.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The admin API operations (their {@code operationId} in {@code admin-api.json}) a command
 * runs: the table of operation to command that {@code docs/cli.md} shows and a test keeps
 * complete.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ApiOperation {

  /**
   * The operation ids.
   *
   * @return one or more ids
   */
  String[] value();
}
