// The explorer's views, in the order they appear in the DockML sidebar; a new view is one line here.
import { containersView } from './containers/view';
import { imagesView } from './images/view';
import { networksView } from './networks/view';
import { projectsView } from './projects/view';
import type { ViewDefinition } from './view';
import { volumesView } from './volumes/view';

export const VIEW_DEFINITIONS: readonly ViewDefinition[] = [containersView, networksView, volumesView, imagesView, projectsView];

/** The view ids, as package.json declares them after `dockml.`. */
export const VIEWS = VIEW_DEFINITIONS.map((v) => v.id);
