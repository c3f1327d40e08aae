// The course as the workbook uses it: the lessons under a folder, each step's check
// validated against the check kinds defined here (the course loader itself knows none).
import './index.js';
import { getCheck } from './registry.js';
import { loadCourse as loadCourseWith, loadLesson as loadLessonWith, type KindOf } from '../course/loader.js';
import type { Course, Lesson, LoadError } from '../course/types.js';

const kindOf: KindOf = (kind) => getCheck(kind);

export function loadCourse(root: string): Course {
  return loadCourseWith(root, kindOf);
}

export function loadLesson(dir: string, id: string, root: string): { lesson?: Lesson; errors: LoadError[] } {
  return loadLessonWith(dir, id, root, kindOf);
}
