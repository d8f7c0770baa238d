package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements and reads their leading keywords, knowing DuckDB's
 * quoting: single-quoted strings (also {@code E'…'} with backslash escapes), quoted
 * identifiers, dollar-quoted strings, line and (nested) block comments.
 * <p>
 * Used only to refuse early, before DuckDB binds anything (binding some statements, such
 * as {@code EXPORT DATABASE}, already touches the file system): more than one statement,
 * or a statement kind that is never allowed. Whether a statement is <em>allowed</em> is
 * decided by DuckDB's binder ({@link SqlGuard}), never here. Also splits trusted setup
 * scripts ({@link #split(String)}), so that a failure can name the statement.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class SqlStatements {

	private SqlStatements() {
	}

	/**
	 * Split a script into its non-empty statements, at semicolons outside strings, quoted
	 * identifiers and comments. Each statement is returned as written, trimmed, without
	 * its semicolon.
	 * @param script the SQL text
	 * @return the statements in order
	 */
	public static List<String> split(String script) {
		List<String> statements = new ArrayList<>();
		int n = script.length();
		int start = 0;
		boolean content = false;
		int i = 0;
		while (i < n) {
			char c = script.charAt(i);
			int afterComment = commentEnd(script, i);
			if (afterComment > i) {
				i = afterComment;
				continue;
			}
			if (c == ';') {
				if (content) {
					statements.add(script.substring(start, i).trim());
				}
				content = false;
				start = ++i;
				continue;
			}
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			content = true;
			if (c == '\'') {
				boolean escapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
						&& (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
				i = skipQuoted(script, i, '\'', escapes);
				continue;
			}
			if (c == '"') {
				i = skipQuoted(script, i, '"', false);
				continue;
			}
			if (c == '$') {
				int end = dollarQuoteEnd(script, i);
				if (end > i) {
					i = end;
					continue;
				}
			}
			i++;
		}
		if (content) {
			statements.add(script.substring(start).trim());
		}
		return statements;
	}

	/**
	 * Return the leading words (upper case, at most six) of each non-empty statement.
	 * @param sql the text
	 * @return one list of leading words per statement
	 */
	static List<List<String>> leadingWords(String sql) {
		List<List<String>> statements = new ArrayList<>();
		List<String> words = new ArrayList<>();
		boolean content = false;
		int n = sql.length();
		int i = 0;
		while (i < n) {
			char c = sql.charAt(i);
			int afterComment = commentEnd(sql, i);
			if (afterComment > i) {
				i = afterComment;
				continue;
			}
			if (c == ';') {
				if (content) {
					statements.add(words);
				}
				words = new ArrayList<>();
				content = false;
				i++;
				continue;
			}
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			content = true;
			if (c == '\'') {
				boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
						&& (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
				i = skipQuoted(sql, i, '\'', escapes);
				words.add("'");
				continue;
			}
			if (c == '"') {
				i = skipQuoted(sql, i, '"', false);
				words.add("\"");
				continue;
			}
			if (c == '$') {
				int end = dollarQuoteEnd(sql, i);
				if (end > i) {
					i = end;
					words.add("$");
					continue;
				}
			}
			if (Character.isLetter(c) || c == '_') {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
					i++;
				}
				if (words.size() < 6) {
					words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
				}
				continue;
			}
			if (words.size() < 6) {
				words.add(String.valueOf(c));
			}
			i++;
		}
		if (content) {
			statements.add(words);
		}
		return statements;
	}

	/**
	 * Split one statement into tokens: words (identifiers and keywords, as written),
	 * quoted identifiers (unquoted content), string literals of every kind (raw text,
	 * quotes included) and single-character symbols. Comments and whitespace are dropped.
	 * @param sql the statement
	 * @return its tokens in order
	 */
	static List<Token> tokens(String sql) {
		List<Token> tokens = new ArrayList<>();
		int n = sql.length();
		int i = 0;
		while (i < n) {
			char c = sql.charAt(i);
			int afterComment = commentEnd(sql, i);
			if (afterComment > i) {
				i = afterComment;
				continue;
			}
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			if (c == '\'') {
				boolean escapes = !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Token.Kind.WORD
						&& tokens.get(tokens.size() - 1).text().equalsIgnoreCase("E")
						&& !Character.isWhitespace(sql.charAt(i - 1));
				int end = skipQuoted(sql, i, '\'', escapes);
				tokens.add(new Token(Token.Kind.STRING, sql.substring(i, end), i, end));
				i = end;
				continue;
			}
			if (c == '"') {
				int end = skipQuoted(sql, i, '"', false);
				String content = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
				tokens.add(new Token(Token.Kind.QUOTED, content, i, end));
				i = end;
				continue;
			}
			if (c == '$') {
				int end = dollarQuoteEnd(sql, i);
				if (end > i) {
					tokens.add(new Token(Token.Kind.STRING, sql.substring(i, end), i, end));
					i = end;
					continue;
				}
			}
			if (Character.isLetter(c) || c == '_') {
				int start = i;
				while (i < n
						&& (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
					i++;
				}
				tokens.add(new Token(Token.Kind.WORD, sql.substring(start, i), start, i));
				continue;
			}
			tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), i, i + 1));
			i++;
		}
		return tokens;
	}

	/**
	 * A token of SQL text.
	 *
	 * @param kind what it is
	 * @param text a word as written, a quoted identifier's content, a literal's raw text
	 * or the symbol
	 * @param start where it starts in the statement
	 * @param end where it ends (exclusive)
	 */
	record Token(Kind kind, String text, int start, int end) {

		boolean is(String symbolOrWord) {
			return (this.kind == Kind.SYMBOL || this.kind == Kind.WORD) && this.text.equalsIgnoreCase(symbolOrWord);
		}

		enum Kind {

			WORD, QUOTED, STRING, SYMBOL

		}

	}

	/**
	 * Return the index after a line or (nested) block comment starting at {@code start},
	 * or {@code start} when none starts there.
	 */
	private static int commentEnd(String sql, int start) {
		int n = sql.length();
		int i = start;
		if (sql.startsWith("--", i)) {
			while (i < n && sql.charAt(i) != '\n') {
				i++;
			}
			return i;
		}
		if (sql.startsWith("/*", i)) {
			int depth = 1;
			i += 2;
			while (i < n && depth > 0) {
				if (sql.startsWith("/*", i)) {
					depth++;
					i += 2;
				}
				else if (sql.startsWith("*/", i)) {
					depth--;
					i += 2;
				}
				else {
					i++;
				}
			}
			return i;
		}
		return start;
	}

	private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (backslashEscapes && c == '\\') {
				i += 2;
				continue;
			}
			if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return sql.length();
	}

	/**
	 * Return the index after a dollar-quoted string starting at {@code start}, or
	 * {@code start}.
	 */
	private static int dollarQuoteEnd(String sql, int start) {
		int i = start + 1;
		while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
			i++;
		}
		if (i >= sql.length() || sql.charAt(i) != '$') {
			return start;
		}
		String tag = sql.substring(start, i + 1);
		int close = sql.indexOf(tag, i + 1);
		return (close < 0) ? sql.length() : close + tag.length();
	}

}
