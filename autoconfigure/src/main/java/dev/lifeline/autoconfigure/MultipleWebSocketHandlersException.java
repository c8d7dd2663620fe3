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
 * Thrown when the application defines several {@code WebSocketHandler} beans and none is
 * marked {@code @Primary}, so Lifeline cannot tell which one to map.
 *
 * @author Lifeline contributors
 */
public class MultipleWebSocketHandlersException extends RuntimeException {

	private final String path;

	private final List<String> beanNames;

	/**
	 * Create a new exception.
	 * @param path the managed path
	 * @param beanNames the names of the candidate handler beans
	 */
	public MultipleWebSocketHandlersException(String path, List<String> beanNames) {
		super("Found " + beanNames.size() + " WebSocketHandler beans " + beanNames + " for the managed path '" + path
				+ "' but none is @Primary");
		this.path = path;
		this.beanNames = List.copyOf(beanNames);
	}

	/**
	 * Return the managed path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the names of the candidate handler beans.
	 * @return the bean names
	 */
	public List<String> getBeanNames() {
		return this.beanNames;
	}

}
