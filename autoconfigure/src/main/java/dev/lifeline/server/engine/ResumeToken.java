/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.server.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The secret a client resumes its session with: 256 random bits, base64url-encoded. The
 * server keeps only its SHA-256 hash and compares hashes in constant time, so neither a
 * heap dump nor timing gives the token away; tokens are never logged.
 *
 * @author Lifeline contributors
 */
final class ResumeToken {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private final String value;

	private final byte[] hash;

	private ResumeToken(String value) {
		this.value = value;
		this.hash = hash(value);
	}

	/**
	 * Make a new token.
	 * @return the token
	 */
	static ResumeToken generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return new ResumeToken(encoder.encodeToString(bytes));
	}

	/**
	 * Return the token to send to the client, once.
	 */
	String value() {
		return this.value;
	}

	/**
	 * Return the hash to keep.
	 */
	byte[] hash() {
		return this.hash.clone();
	}

	/**
	 * Whether a token a client presented is the one a hash was kept for.
	 * @param kept the hash kept, or {@code null} when the token was used
	 * @param presented the token presented
	 * @return {@code true} if they match
	 */
	static boolean matches(byte @Nullable [] kept, @Nullable String presented) {
		if (kept == null || presented == null) {
			return false;
		}
		return MessageDigest.isEqual(kept, hash(presented));
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "ResumeToken[hidden]";
	}

}
