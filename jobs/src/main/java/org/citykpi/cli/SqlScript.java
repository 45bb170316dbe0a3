package org.citykpi.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a {@code .sql} file into statements at the semicolons that end them, the way
 * Spark SQL reads it: a semicolon inside a string ('…', "…"), a quoted identifier (`…`), a line
 * comment (-- …) or a block comment (/* … *&#47;) does not end a statement, and a backslash escapes
 * the next character inside a string. Empty statements (only blanks and comments) are dropped.
 */
final class SqlScript {
  private SqlScript() {}

  /** One statement and the 1-based line of the file it starts on (for error messages). */
  record Statement(String sql, int line) {}

  static List<Statement> split(String text) {
    List<Statement> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean hasCode = false;
    int line = 1;
    int startLine = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      int end;
      if (c == '-' && next == '-') {
        end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && next == '*') {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        end = quoted(text, i, c);
      } else if (c == ';') {
        if (hasCode) {
          out.add(new Statement(cur.toString().strip(), startLine));
        }
        cur.setLength(0);
        hasCode = false;
        i++;
        continue;
      } else {
        if (!hasCode && !Character.isWhitespace(c)) {
          hasCode = true;
          startLine = line;
        }
        if (c == '\n') {
          line++;
        }
        cur.append(c);
        i++;
        continue;
      }
      String piece = text.substring(i, end);
      boolean comment = c == '-' || c == '/';
      if (!comment && !hasCode) {
        hasCode = true;
        startLine = line;
      }
      // Comments stay in the statement (Spark ignores them), so its text is what the file says.
      cur.append(piece);
      line += (int) piece.chars().filter(ch -> ch == '\n').count();
      i = end;
    }
    if (hasCode) {
      out.add(new Statement(cur.toString().strip(), startLine));
    }
    return out;
  }

  /** Index just past the closing quote of the quoted text starting at {@code start}. */
  private static int quoted(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        // A doubled backtick is a backtick inside a quoted identifier.
        if (quote == '`' && i + 1 < text.length() && text.charAt(i + 1) == '`') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return text.length();
  }
}
