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

package dev.lifeline.autoconfigure;

import java.util.List;

/**
 * Thrown when something other than Lifeline also answers requests for the managed
 * WebSocket path, so two components would handle the same upgrade.
 *
 * @author Lifeline contributors
 */
public class WebSocketPathConflictException extends RuntimeException {

	private final String path;

	private final List<String> registrations;

	/**
	 * Create a new exception.
	 * @param path the managed path
	 * @param registrations descriptions of the other registrations for the path
	 */
	public WebSocketPathConflictException(String path, List<String> registrations) {
		super("The managed WebSocket path '" + path + "' is also mapped by " + registrations);
		this.path = path;
		this.registrations = List.copyOf(registrations);
	}

	/**
	 * Return the managed path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return descriptions of the other registrations for the path.
	 * @return the registrations
	 */
	public List<String> getRegistrations() {
		return this.registrations;
	}

}
