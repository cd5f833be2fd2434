// rules.html: an unlisted extension page the panel links to (rulePageUrl) for "why this finding?".
import { render } from 'preact';
import { RulesPage } from '../../components/shared/RulesPage';
import { ruleDocs } from '../../utils/trust';
import './style.css';

const root = document.getElementById('app');
if (root) render(<RulesPage rules={ruleDocs()} />, root);
