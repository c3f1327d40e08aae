// Every check module registers its kinds when imported.
import './quiz.js';
import './file.js';
import './postfix.js';
