package io.n6k.duckdb;

import java.nio.charset.StandardCharsets;

/**
 * Appends DuckDB's {@code LINE n: …} context to an error found while checking a
 * statement, the way DuckDB itself formats errors of executed statements, so checking
 * changes nothing a client sees. A port of DuckDB's {@code QueryErrorContext::Format}
 * that counts every character as one column wide.
 *
 * @author n6k
 */
final class QueryErrorContext {

	private static final int MAX_LINE_RENDER_WIDTH = 120;

	private QueryErrorContext() {
	}

	/**
	 * Format a message with the query line around an error position.
	 * @param query the statement text
	 * @param message the raw error message
	 * @param position byte offset of the error in the UTF-8 text
	 * @param length length in bytes of the offending token, or 0
	 * @return the message with its context
	 */
	static String format(String query, String message, long position, long length) {
		byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
		if (position < 0 || position >= bytes.length) {
			return message;
		}
		int errorLocation = (int) position;
		int startPos = 0;
		int lineNumber = 1;
		for (int i = 0; i < errorLocation; i++) {
			boolean newline = false;
			if (bytes[i] == '\r') {
				newline = i + 1 >= errorLocation || bytes[i + 1] != '\n';
			}
			else if (bytes[i] == '\n') {
				newline = true;
			}
			if (newline) {
				lineNumber++;
				startPos = i + 1;
			}
		}
		int endPos = bytes.length;
		for (int i = errorLocation; i < bytes.length; i++) {
			if (bytes[i] == '\n' || bytes[i] == '\r') {
				endPos = i;
				break;
			}
		}
		// one position per code point, each one column wide
		int len = endPos - startPos;
		int[] positions = new int[len];
		boolean[] naturalBreak = new boolean[len];
		int count = 0;
		for (int cpos = 0; cpos < len;) {
			positions[count] = cpos;
			naturalBreak[count] = isOperator(bytes[startPos + cpos]) || isSpace(bytes[startPos + cpos]);
			count++;
			cpos += utf8Length(bytes[startPos + cpos]);
		}
		int epos = 0;
		for (int i = 0; i < count; i++) {
			if (positions[i] >= errorLocation - startPos) {
				epos = i;
				break;
			}
		}
		boolean truncateBeginning = false;
		boolean truncateEnd = false;
		int spos = 0;
		int errorLineStart = startPos;
		int width = 0;
		for (int i = epos; i > 0; i--) {
			width += 1;
			if (width >= MAX_LINE_RENDER_WIDTH / 2) {
				int startScan = (i > 4) ? i - 4 : 0;
				int endScan = Math.min(i + 4, epos);
				for (int k = startScan; k < endScan; k++) {
					if (naturalBreak[k]) {
						i = k;
						break;
					}
				}
				truncateBeginning = true;
				startPos += positions[i];
				spos = i;
				break;
			}
		}
		width = 0;
		for (int i = epos; i < count; i++) {
			width += 1;
			if (width >= MAX_LINE_RENDER_WIDTH / 2) {
				int startScan = (i > epos + 4) ? i - 4 : epos;
				int endScan = Math.min(i + 4, count);
				for (int k = startScan; k < endScan; k++) {
					if (naturalBreak[k]) {
						i = k;
						break;
					}
				}
				truncateEnd = true;
				endPos = errorLineStart + positions[i];
				break;
			}
		}
		String lineIndicator = "LINE " + lineNumber + ": ";
		String beginTrunc = truncateBeginning ? "..." : "";
		String endTrunc = truncateEnd ? "..." : "";
		int errorRenderWidth = (epos - spos) + lineIndicator.length() + beginTrunc.length();
		int caretWidth = 0;
		long errorEndInLine = (errorLocation - errorLineStart) + length;
		int displayEndInLine = endPos - errorLineStart;
		for (int i = epos; i < count; i++) {
			if (positions[i] >= errorEndInLine || positions[i] >= displayEndInLine) {
				break;
			}
			caretWidth++;
		}
		if (caretWidth == 0) {
			caretWidth = 1;
		}
		String line = new String(bytes, startPos, Math.max(0, endPos - startPos), StandardCharsets.UTF_8);
		return message + "\n\n" + lineIndicator + beginTrunc + line + endTrunc + "\n" + " ".repeat(errorRenderWidth)
				+ "^".repeat(caretWidth);
	}

	private static int utf8Length(byte lead) {
		int b = lead & 0xff;
		if (b < 0x80) {
			return 1;
		}
		if (b >= 0xf0) {
			return 4;
		}
		if (b >= 0xe0) {
			return 3;
		}
		return (b >= 0xc0) ? 2 : 1;
	}

	private static boolean isSpace(byte c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
	}

	private static boolean isOperator(byte c) {
		if (c == '_') {
			return false;
		}
		return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
	}

}
