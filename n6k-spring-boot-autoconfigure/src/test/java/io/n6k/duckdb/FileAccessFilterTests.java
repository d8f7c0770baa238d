package io.n6k.duckdb;

import java.util.List;

import io.n6k.duckdb.SqlStatements.Token;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text rules of {@link FileAccessFilter}: which names DuckDB could read as files, and
 * how a statement is split into tokens (the statement-level behaviour is proven over real
 * sockets in {@link FileAccessTests}).
 */
class FileAccessFilterTests {

	@Test
	void namesDuckDbCouldReadAsFilesAreFileLike() {
		for (String name : List.of("/etc/passwd", "x.csv", "X.CSV", "data.tsv", "a.parquet", "a.json", "a.jsonl",
				"a.ndjson", "a.csv.gz", "a.gz", "main.ff.csv", "a.db", "a.duckdb", "a.xlsx", "s3://bucket/x",
				"https://host/x", "C:\\data\\x", "dir/*", "x.csv?raw", "~/x", "[ab].csv")) {
			assertThat(FileAccessFilter.fileLike(name)).as(name).isTrue();
		}
	}

	@Test
	void plainTableNamesAreNotFileLike() {
		for (String name : List.of("items", "shop.main.items", "main.order_items", "Weird Name", "t1", "x.y")) {
			assertThat(FileAccessFilter.fileLike(name)).as(name).isFalse();
		}
	}

	@Test
	void tokensKeepQuotedTextWhole() {
		List<Token> tokens = SqlStatements
			.tokens("INSERT INTO \"a\"\"b\".t /* FROM 'x.csv' */ SELECT E'it\\'s', $q$x.csv$q$ -- FROM y.csv\nFROM u");
		assertThat(tokens).extracting(Token::kind)
			.containsExactly(Token.Kind.WORD, Token.Kind.WORD, Token.Kind.QUOTED, Token.Kind.SYMBOL, Token.Kind.WORD,
					Token.Kind.WORD, Token.Kind.WORD, Token.Kind.STRING, Token.Kind.SYMBOL, Token.Kind.STRING,
					Token.Kind.WORD, Token.Kind.WORD);
		assertThat(tokens.get(2).text()).isEqualTo("a\"b");
		assertThat(tokens.get(7).text()).isEqualTo("'it\\'s'");
		assertThat(tokens.get(9).text()).isEqualTo("$q$x.csv$q$");
	}

}
