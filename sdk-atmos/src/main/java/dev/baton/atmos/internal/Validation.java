package dev.baton.atmos.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks what goes into an atmos command line and environment. Nothing passes through a shell, so
 * these checks are not about quoting: they keep a value from being read as an option ({@code -s
 * --help}), from escaping the components directory ({@code ../../x}), and from turning into
 * something other than one argument or one variable.
 */
public final class Validation {
  /** Same grammar as {@link dev.baton.StackName}: a component may be a path such as infra/vpc. */
  private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

  /** POSIX portable environment variable names. */
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

  private static final int MAX_VALUE_CHARS = 128 * 1024;

  private Validation() {}

  /**
   * @param component an Atmos component name
   * @return the name
   * @throws IllegalArgumentException naming the bad value
   */
  public static String component(String component) {
    if (component == null
        || !COMPONENT.matcher(component).matches()
        || component.contains("//")
        || component.endsWith("/")
        || ("/" + component + "/").contains("/../")) {
      throw new IllegalArgumentException(
          "invalid atmos component \""
              + component
              + "\": expected"
              + " [A-Za-z0-9][A-Za-z0-9._/-]{0,127} without \"..\" or empty path segments, such as"
              + " \"app\" or \"infra/vpc\"");
    }
    return component;
  }

  /**
   * @param what what the variable is, for the message ("per-deploy variable")
   * @param name a variable name
   * @return the name
   * @throws IllegalArgumentException naming the bad value
   */
  public static String variableName(String what, String name) {
    if (name == null || !VARIABLE.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid "
              + what
              + " name \""
              + name
              + "\": expected"
              + " [A-Za-z_][A-Za-z0-9_]*, such as PR_NUMBER");
    }
    return name;
  }

  /**
   * Checks the name of a variable the deployer sets on each call (the image or instance variable):
   * it must not be one the atmos process itself needs, which the per-call value would replace.
   *
   * @param what what the variable is, for the message ("image variable")
   * @param name a variable name
   * @return the name
   * @throws IllegalArgumentException naming the variable and why it is reserved
   */
  public static String perCallVariableName(String what, String name) {
    variableName(what, name);
    String why = RESERVED.get(name);
    if (why == null && name.startsWith("ATMOS_")) {
      why = "ATMOS_* variables configure atmos itself (the deployer sets some of them)";
    } else if (why == null && name.startsWith("TF_") && !name.startsWith("TF_VAR_")) {
      why = "TF_* variables configure Terraform itself (TF_VAR_* names are allowed)";
    }
    if (why != null) {
      throw new IllegalArgumentException(
          what
              + " "
              + name
              + " is reserved: "
              + why
              + "; the deployer sets the "
              + what
              + " on every atmos call, which would replace it. Choose another name, such as"
              + " APP_IMAGE");
    }
    return name;
  }

  /** Variables the atmos process needs from the environment it inherits, and what for. */
  private static final Map<String, String> RESERVED =
      Map.of(
          "PATH", "atmos finds terraform and its other programs through PATH",
          "HOME", "atmos, Terraform and cloud credentials read configuration from HOME",
          "USER", "USER names the account the process runs as",
          "LOGNAME", "LOGNAME names the account the process runs as",
          "SHELL", "SHELL is the shell atmos runs hooks and commands with",
          "TMPDIR", "TMPDIR is where atmos and Terraform write temporary files",
          "LANG", "LANG sets the locale atmos and Terraform print and parse text in",
          "LC_ALL", "LC_ALL sets the locale atmos and Terraform print and parse text in");

  /**
   * Checks a variable's value without quoting it (it may be a credential).
   *
   * @param what what the variable is, for the message
   * @param name its name
   * @param value its value
   * @return the value
   * @throws IllegalArgumentException naming the variable
   */
  public static String value(String what, String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " " + name + " has no value");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what + " " + name + " contains a NUL character, which no process environment can carry");
    }
    if (value.length() > MAX_VALUE_CHARS) {
      throw new IllegalArgumentException(
          what
              + " "
              + name
              + " is "
              + value.length()
              + " characters long; at most "
              + MAX_VALUE_CHARS
              + " are allowed");
    }
    return value;
  }

  /**
   * Checks an extra command-line flag given by the user.
   *
   * @param flag e.g. {@code -lock-timeout=5m} or {@code --identity=plat-dev/terraform}
   * @return the flag
   * @throws IllegalArgumentException naming the bad value
   */
  public static String flag(String flag) {
    if (flag == null
        || !flag.startsWith("-")
        || flag.equals("-")
        || flag.equals("--")
        || flag.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "invalid extra flag \""
              + flag
              + "\": a flag starts with"
              + " '-' and is one argument, such as \"-lock-timeout=5m\" or \"--identity=dev/admin\"");
    }
    if (flag.equals("-s")
        || flag.startsWith("-s=")
        || flag.equals("--stack")
        || flag.startsWith("--stack=")) {
      throw new IllegalArgumentException(
          "extra flag \""
              + flag
              + "\" would change the stack;"
              + " the stack comes from each request");
    }
    return flag;
  }
}
