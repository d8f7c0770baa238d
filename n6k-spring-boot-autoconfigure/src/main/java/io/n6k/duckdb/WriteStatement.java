package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.n6k.duckdb.SqlStatements.Token;
import org.jspecify.annotations.Nullable;

/**
 * An INSERT, UPDATE or DELETE split into its clauses, as text of the client's statement,
 * so that the reads inside it can be rewritten through row policies
 * ({@link PolicyWrites}). Only the shapes PostgreSQL and DuckDB share are recognised;
 * anything else (ON CONFLICT, INSERT OR REPLACE, BY NAME, tuple assignments, a WITH
 * before the verb) is refused rather than analysed. Which table is written, and whether
 * the statement is allowed at all, is decided by DuckDB's binder in the {@link SqlGuard},
 * never here.
 *
 * @param verb {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param alias the name the statement gives its target (its alias, or the table's own
 * name)
 * @param columns INSERT: the column list as written, without parentheses, or {@code null}
 * @param source INSERT: the query or VALUES list, or {@code null} for DEFAULT VALUES
 * @param assignments UPDATE: column and expression text, in order
 * @param from UPDATE's FROM or DELETE's USING list, or {@code null}
 * @param where the condition, or {@code null}
 * @param returning the RETURNING list, or {@code null}
 * @author n6k
 */
record WriteStatement(String verb, String alias, @Nullable List<String> columns, @Nullable String source,
		List<Assignment> assignments, @Nullable String from, @Nullable String where, @Nullable String returning) {

	private static final Set<String> CLAUSES = Set.of("SET", "FROM", "USING", "WHERE", "RETURNING", "ON");

	private static final Set<String> AFTER_SET = Set.of("FROM", "WHERE", "RETURNING");

	private static final Set<String> AFTER_FROM = Set.of("WHERE", "RETURNING");

	private static final Set<String> AFTER_WHERE = Set.of("RETURNING");

	/**
	 * Split a statement.
	 * @param sql one INSERT, UPDATE or DELETE statement
	 * @return its parts
	 * @throws io.n6k.protocol.N6kException PermissionException for shapes that are not
	 * recognised
	 */
	static WriteStatement parse(String sql) {
		List<Token> tokens = new ArrayList<>(SqlStatements.tokens(sql));
		while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
			tokens.remove(tokens.size() - 1);
		}
		Cursor cursor = new Cursor(sql, tokens);
		String verb = cursor.word();
		return switch (verb) {
			case "DELETE" -> delete(cursor);
			case "UPDATE" -> update(cursor);
			case "INSERT" -> insert(cursor);
			default -> throw refused();
		};
	}

	private static WriteStatement delete(Cursor cursor) {
		cursor.expect("FROM");
		String alias = cursor.targetAlias();
		String using = cursor.clause("USING", AFTER_FROM);
		String where = cursor.clause("WHERE", AFTER_WHERE);
		String returning = cursor.clause("RETURNING", Set.of());
		cursor.expectEnd();
		return new WriteStatement("DELETE", alias, null, null, List.of(), using, where, returning);
	}

	private static WriteStatement update(Cursor cursor) {
		String alias = cursor.targetAlias();
		cursor.expect("SET");
		List<Assignment> assignments = new ArrayList<>();
		for (String assignment : cursor.splitTopLevel(cursor.until(AFTER_SET), ',')) {
			List<Token> parts = SqlStatements.tokens(assignment);
			if (parts.size() < 3
					|| !(parts.get(0).kind() == Token.Kind.WORD || parts.get(0).kind() == Token.Kind.QUOTED)
					|| !parts.get(1).is("=")) {
				throw refused();
			}
			assignments.add(new Assignment(parts.get(0).text(), assignment.substring(parts.get(2).start()).strip()));
		}
		String from = cursor.clause("FROM", AFTER_FROM);
		String where = cursor.clause("WHERE", AFTER_WHERE);
		String returning = cursor.clause("RETURNING", Set.of());
		cursor.expectEnd();
		if (assignments.isEmpty()) {
			throw refused();
		}
		return new WriteStatement("UPDATE", alias, null, null, assignments, from, where, returning);
	}

	private static WriteStatement insert(Cursor cursor) {
		cursor.expect("INTO");
		String alias = cursor.targetAlias();
		List<String> columns = null;
		if (cursor.peek("(") && !cursor.parenthesisedQuery()) {
			columns = new ArrayList<>();
			int close = cursor.matching();
			List<Token> inside = cursor.tokens.subList(cursor.index + 1, close);
			for (int i = 0; i < inside.size(); i++) {
				Token token = inside.get(i);
				boolean name = token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED;
				if ((i % 2 == 0) ? !name : !token.is(",")) {
					throw refused();
				}
				if (name) {
					columns.add(token.text());
				}
			}
			cursor.index = close + 1;
		}
		String source;
		if (cursor.peek("DEFAULT")) {
			cursor.expect("DEFAULT");
			cursor.expect("VALUES");
			source = null;
		}
		else {
			if (cursor.peek("BY") || cursor.peek("OR")) {
				throw refused();
			}
			source = cursor.until(AFTER_WHERE);
			if (source.isEmpty()) {
				throw refused();
			}
		}
		String returning = cursor.clause("RETURNING", Set.of());
		cursor.expectEnd();
		return new WriteStatement("INSERT", alias, columns, source, List.of(), null, null, returning);
	}

	private static io.n6k.protocol.N6kException refused() {
		return PolicyBarrier.refuse("with row policies, only INSERT INTO t [(columns)] VALUES/SELECT, "
				+ "UPDATE t SET c = e [FROM ...] [WHERE ...] and DELETE FROM t [USING ...] [WHERE ...], "
				+ "each with an optional RETURNING, are accepted; this statement is refused rather than analysed");
	}

	/**
	 * One {@code column = expression} of an UPDATE.
	 *
	 * @param column the column
	 * @param expression the expression text
	 */
	record Assignment(String column, String expression) {
	}

	private static final class Cursor {

		private final String sql;

		private final List<Token> tokens;

		private int index;

		Cursor(String sql, List<Token> tokens) {
			this.sql = sql;
			this.tokens = tokens;
		}

		String word() {
			if (this.index >= this.tokens.size() || this.tokens.get(this.index).kind() != Token.Kind.WORD) {
				throw refused();
			}
			return this.tokens.get(this.index++).text().toUpperCase(Locale.ROOT);
		}

		void expect(String word) {
			if (!word().equals(word)) {
				throw refused();
			}
		}

		boolean peek(String text) {
			return this.index < this.tokens.size() && this.tokens.get(this.index).is(text);
		}

		void expectEnd() {
			if (this.index != this.tokens.size()) {
				throw refused();
			}
		}

		/** Skip the target's dotted name and return its alias (or last name part). */
		String targetAlias() {
			String name = nameToken();
			while (peek(".")) {
				this.index++;
				name = nameToken();
			}
			if (peek("AS")) {
				this.index++;
				return nameToken();
			}
			if (this.index < this.tokens.size()) {
				Token next = this.tokens.get(this.index);
				if (next.kind() == Token.Kind.QUOTED || (next.kind() == Token.Kind.WORD
						&& !CLAUSES.contains(next.text().toUpperCase(Locale.ROOT)) && !isSourceStart(next))) {
					this.index++;
					return next.text();
				}
			}
			return name;
		}

		private String nameToken() {
			if (this.index >= this.tokens.size()) {
				throw refused();
			}
			Token token = this.tokens.get(this.index);
			if (token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.QUOTED) {
				throw refused();
			}
			this.index++;
			return token.text();
		}

		private static boolean isSourceStart(Token token) {
			return token.is("VALUES") || token.is("SELECT") || token.is("WITH") || token.is("DEFAULT") || token.is("BY")
					|| token.is("OR") || token.is("TABLE");
		}

		boolean parenthesisedQuery() {
			int next = this.index + 1;
			return next < this.tokens.size() && (this.tokens.get(next).is("SELECT") || this.tokens.get(next).is("WITH")
					|| this.tokens.get(next).is("VALUES") || this.tokens.get(next).is("FROM")
					|| this.tokens.get(next).is("("));
		}

		/** The index of the parenthesis closing the one at the cursor. */
		int matching() {
			int depth = 0;
			for (int i = this.index; i < this.tokens.size(); i++) {
				Token token = this.tokens.get(i);
				if (token.is("(") || token.is("[")) {
					depth++;
				}
				else if (token.is(")") || token.is("]")) {
					depth--;
					if (depth == 0) {
						return i;
					}
				}
			}
			throw refused();
		}

		/** The clause introduced by {@code keyword} at the cursor, or {@code null}. */
		@Nullable String clause(String keyword, Set<String> stops) {
			if (!peek(keyword)) {
				return null;
			}
			this.index++;
			String text = until(stops);
			if (text.isEmpty()) {
				throw refused();
			}
			return text;
		}

		/**
		 * The text from the cursor to the next top-level keyword of {@code stops} or the
		 * end; a top-level ON CONFLICT is refused.
		 */
		String until(Set<String> stops) {
			int depth = 0;
			int start = this.index;
			while (this.index < this.tokens.size()) {
				Token token = this.tokens.get(this.index);
				if (token.is("(") || token.is("[")) {
					depth++;
				}
				else if (token.is(")") || token.is("]")) {
					depth--;
					if (depth < 0) {
						throw refused();
					}
				}
				else if (depth == 0 && token.is("ON") && this.index + 1 < this.tokens.size()
						&& this.tokens.get(this.index + 1).is("CONFLICT")) {
					throw refused();
				}
				else if (depth == 0 && token.kind() == Token.Kind.WORD
						&& stops.contains(token.text().toUpperCase(Locale.ROOT))) {
					break;
				}
				this.index++;
			}
			if (depth != 0) {
				throw refused();
			}
			if (start == this.index) {
				return "";
			}
			return this.sql.substring(this.tokens.get(start).start(), this.tokens.get(this.index - 1).end()).strip();
		}

		List<String> splitTopLevel(String text, char separator) {
			List<String> parts = new ArrayList<>();
			List<Token> inner = SqlStatements.tokens(text);
			int depth = 0;
			int from = 0;
			for (Token token : inner) {
				if (token.is("(") || token.is("[")) {
					depth++;
				}
				else if (token.is(")") || token.is("]")) {
					depth--;
				}
				else if (depth == 0 && token.is(String.valueOf(separator))) {
					parts.add(text.substring(from, token.start()).strip());
					from = token.end();
				}
			}
			parts.add(text.substring(from).strip());
			return parts;
		}

	}

}
