package dev.lifeline.server.engine;

/**
 * Counts UTF-8 bytes without encoding.
 *
 * @author Lifeline contributors
 */
final class Utf8 {

	private Utf8() {
	}

	static long length(CharSequence text) {
		int length = text.length();
		long bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes++;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

}
