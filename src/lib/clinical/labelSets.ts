/**
 * Suggested classification labels. Each description is what gets embedded, so it reads like the notes
 * that belong to the label rather than like a dictionary entry. Users can edit them in the compare view.
 */
import type { LabelDescription } from './retrieval';

export const SPECIALTY_LABELS: readonly LabelDescription[] = [
	{
		label: 'cardiology',
		description: 'heart disease, chest pain, atrial fibrillation, heart failure, hypertension'
	},
	{
		label: 'pulmonology',
		description: 'lung disease, asthma, COPD, pneumonia, shortness of breath, cough'
	},
	{
		label: 'endocrinology',
		description: 'diabetes, insulin, thyroid disease, blood glucose, HbA1c'
	},
	{ label: 'infectious disease', description: 'infection, fever, sepsis, antibiotics, cultures' },
	{
		label: 'nephrology',
		description: 'kidney function, creatinine, potassium, dialysis, acute kidney injury'
	},
	{
		label: 'pediatrics',
		description: 'child, infant, toddler, growth, vaccinations, weight-based dosing'
	}
];

export const URGENCY_LABELS: readonly LabelDescription[] = [
	{
		label: 'emergent',
		description: 'life-threatening, unstable vital signs, needs immediate treatment'
	},
	{ label: 'urgent', description: 'needs assessment or treatment within hours, same day' },
	{ label: 'routine', description: 'stable, follow up at a scheduled clinic visit' }
];

export const NOTE_TYPE_LABELS: readonly LabelDescription[] = [
	{
		label: 'discharge summary',
		description: 'hospital course, discharge medications, follow-up plan'
	},
	{
		label: 'medication question',
		description: 'drug dosing, interactions, side effects, medication list'
	},
	{
		label: 'test result',
		description: 'laboratory values, imaging findings, interpretation of results'
	}
];
