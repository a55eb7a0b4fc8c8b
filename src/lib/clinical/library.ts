/**
 * Clinical prompt library for the compare view: synthetic, PHI-free notes written for Bedside, each with
 * a question and suggested labels. Notes name common drugs and diseases so NER has something to find;
 * `keyEntities` lists mentions that are verbatim in the note, for e2e assertions.
 */
import { NOTE_TYPE_LABELS, SPECIALTY_LABELS, URGENCY_LABELS } from './labelSets';
import type { LabelDescription } from './retrieval';

export type ExampleCategory =
	| 'discharge summary'
	| 'medication reconciliation'
	| 'drug interaction'
	| 'symptom triage'
	| 'lab interpretation'
	| 'radiology'
	| 'acute care'
	| 'pediatrics'
	| 'chronic disease';

export interface KeyEntity {
	/** Exactly as written in the note. */
	text: string;
	type: 'Chemical' | 'Disease';
}

export interface ClinicalExample {
	/** Stable slug, used in the URL hash and by tests. */
	id: string;
	title: string;
	category: ExampleCategory;
	note: string;
	question: string;
	labels?: readonly LabelDescription[];
	keyEntities: readonly KeyEntity[];
}

export const CLINICAL_EXAMPLES: readonly ClinicalExample[] = [
	{
		id: 'discharge-pneumonia',
		title: 'Discharge summary: pneumonia',
		category: 'discharge summary',
		note: `72-year-old man admitted with community-acquired pneumonia of the right lower lobe.
History of hypertension and type 2 diabetes.
He was treated with ceftriaxone and azithromycin and improved by hospital day 3.
Oxygen was weaned to room air. Blood cultures showed no growth.
Discharge medications:
- Amoxicillin-clavulanate 875 mg twice daily for 5 more days
- Lisinopril 10 mg daily
- Metformin 1000 mg twice daily
Follow up with primary care in 1 week. Repeat chest X-ray in 6 weeks.`,
		question: 'Summarize the hospital course and the discharge plan.',
		labels: NOTE_TYPE_LABELS,
		keyEntities: [
			{ text: 'ceftriaxone', type: 'Chemical' },
			{ text: 'pneumonia', type: 'Disease' },
			{ text: 'hypertension', type: 'Disease' }
		]
	},
	{
		id: 'med-reconciliation',
		title: 'Medication reconciliation',
		category: 'medication reconciliation',
		note: `Home medication list reviewed with the patient at admission.
1. Lisinopril 20 mg daily for hypertension
2. Atorvastatin 40 mg at night for hyperlipidemia
3. Metformin 500 mg b.i.d. with meals for type 2 diabetes
4. Omeprazole 20 mg daily for gastroesophageal reflux disease
5. Ibuprofen 400 mg as needed for knee pain, taken most days
Creatinine today is 1.9 mg/dL, up from 1.1 mg/dL three months ago.`,
		question: 'Which home medications should be held or adjusted given the kidney function?',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'Ibuprofen', type: 'Chemical' },
			{ text: 'Metformin', type: 'Chemical' },
			{ text: 'hypertension', type: 'Disease' }
		]
	},
	{
		id: 'interaction-warfarin',
		title: 'Drug interaction: warfarin and antibiotics',
		category: 'drug interaction',
		note: `68-year-old woman with atrial fibrillation on warfarin 5 mg daily.
INR has been stable between 2.0 and 3.0 for a year.
She now has a urinary tract infection and the urgent care clinic prescribed trimethoprim-sulfamethoxazole.
She also takes aspirin 81 mg daily on her own.`,
		question: 'What interactions matter here and how should her anticoagulation be monitored?',
		labels: URGENCY_LABELS,
		keyEntities: [
			{ text: 'warfarin', type: 'Chemical' },
			{ text: 'aspirin', type: 'Chemical' },
			{ text: 'atrial fibrillation', type: 'Disease' }
		]
	},
	{
		id: 'triage-chest-pain',
		title: 'Triage: chest pain',
		category: 'symptom triage',
		note: `58-year-old man with 40 minutes of crushing central chest pain radiating to the left arm.
He is sweaty and nauseated. History of hypertension, smoking and hyperlipidemia.
BP 150/95, HR 104, SpO2 96% on room air.
He took one nitroglycerin tablet at home without relief. No known drug allergies.`,
		question: 'How urgent is this and what are the first steps?',
		labels: URGENCY_LABELS,
		keyEntities: [
			{ text: 'nitroglycerin', type: 'Chemical' },
			{ text: 'chest pain', type: 'Disease' },
			{ text: 'hypertension', type: 'Disease' }
		]
	},
	{
		id: 'lab-hyperkalemia',
		title: 'Lab interpretation: high potassium',
		category: 'lab interpretation',
		note: `Routine labs in a 75-year-old woman with chronic kidney disease and heart failure.
Potassium 6.1 mmol/L (reference 3.5-5.0). Creatinine 2.3 mg/dL. Bicarbonate 19 mmol/L.
Medications: lisinopril 20 mg daily, spironolactone 25 mg daily, furosemide 40 mg daily.
She feels well. ECG shows peaked T waves.`,
		question: 'Interpret these results and name the likely causes.',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'spironolactone', type: 'Chemical' },
			{ text: 'lisinopril', type: 'Chemical' },
			{ text: 'chronic kidney disease', type: 'Disease' }
		]
	},
	{
		id: 'radiology-pe',
		title: 'Radiology impression: pulmonary embolism',
		category: 'radiology',
		note: `CT pulmonary angiogram.
Indication: sudden dyspnea and pleuritic chest pain after knee surgery, on aspirin prophylaxis.
Findings: filling defects in the right lower lobe segmental arteries. No right heart strain. Small right pleural effusion.
Impression: acute pulmonary embolism of the right lower lobe, segmental. No infarct.`,
		question: 'Explain the impression in plain language and what treatment usually follows.',
		labels: NOTE_TYPE_LABELS,
		keyEntities: [
			{ text: 'aspirin', type: 'Chemical' },
			{ text: 'pulmonary embolism', type: 'Disease' },
			{ text: 'pleural effusion', type: 'Disease' }
		]
	},
	{
		id: 'sepsis-urinary',
		title: 'Sepsis from a urinary source',
		category: 'acute care',
		note: `81-year-old woman from a care home with confusion and fever of 39.2 C.
BP 86/50 after 1 L of fluid, HR 118, RR 24. Lactate 4.1 mmol/L.
Urinalysis positive for nitrites and leukocytes. History of dementia and type 2 diabetes.
Blood and urine cultures were drawn. Piperacillin-tazobactam was started in the emergency department.
Norepinephrine infusion is being prepared.`,
		question: 'Does she meet criteria for septic shock, and what should happen in the next hour?',
		labels: URGENCY_LABELS,
		keyEntities: [
			{ text: 'Norepinephrine', type: 'Chemical' },
			{ text: 'dementia', type: 'Disease' },
			{ text: 'type 2 diabetes', type: 'Disease' }
		]
	},
	{
		id: 'pediatric-fever',
		title: 'Pediatric fever',
		category: 'pediatrics',
		note: `2-year-old boy with fever up to 39.5 C for 2 days and pulling at his right ear.
He is drinking well and has wet diapers. Vaccinations are up to date.
Exam: red, bulging right tympanic membrane. Lungs clear. No rash. No neck stiffness.
Weight 12 kg. Given paracetamol 180 mg at home 4 hours ago.`,
		question: 'What is the likely diagnosis and the weight-based treatment?',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'paracetamol', type: 'Chemical' },
			{ text: 'fever', type: 'Disease' }
		]
	},
	{
		id: 'anticoagulation-afib',
		title: 'Anticoagulation in atrial fibrillation',
		category: 'chronic disease',
		note: `79-year-old man with newly diagnosed atrial fibrillation found at a routine visit.
History of hypertension, type 2 diabetes and a transient ischemic attack two years ago.
Creatinine clearance 48 mL/min. No history of bleeding.
Current medications: amlodipine 5 mg daily, metformin 500 mg twice daily.
CHA2DS2-VASc score is 6.`,
		question: 'Should he be anticoagulated, and which agent and dose fit his kidney function?',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'amlodipine', type: 'Chemical' },
			{ text: 'atrial fibrillation', type: 'Disease' },
			{ text: 'transient ischemic attack', type: 'Disease' }
		]
	},
	{
		id: 'diabetes-followup',
		title: 'Type 2 diabetes follow-up',
		category: 'chronic disease',
		note: `55-year-old woman with type 2 diabetes for 6 years, obesity and hypertension.
HbA1c 8.9% (previous 7.8%). eGFR 75. BMI 36.
Medications: metformin 1000 mg twice daily, lisinopril 10 mg daily.
She reports good adherence and no hypoglycemia. Retinal screening is due.`,
		question: 'What are reasonable next steps to improve glucose control?',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'metformin', type: 'Chemical' },
			{ text: 'type 2 diabetes', type: 'Disease' },
			{ text: 'obesity', type: 'Disease' }
		]
	},
	{
		id: 'asthma-exacerbation',
		title: 'Asthma exacerbation',
		category: 'acute care',
		note: `24-year-old woman with asthma presents with wheeze and shortness of breath for 1 day after a cold.
She can speak in full sentences. RR 26, HR 110, SpO2 93% on room air. Peak flow 55% of her best.
She used her salbutamol inhaler 8 times today. She takes no inhaled corticosteroid.
Given salbutamol and ipratropium nebulizers and prednisolone 40 mg by mouth.`,
		question: 'How severe is this exacerbation and what should the discharge plan include?',
		labels: URGENCY_LABELS,
		keyEntities: [
			{ text: 'salbutamol', type: 'Chemical' },
			{ text: 'prednisolone', type: 'Chemical' },
			{ text: 'asthma', type: 'Disease' }
		]
	},
	{
		id: 'heart-failure-discharge',
		title: 'Discharge summary: heart failure',
		category: 'discharge summary',
		note: `66-year-old man admitted with decompensated heart failure with reduced ejection fraction (EF 30%).
He diuresed 4 kg with intravenous furosemide. Breathing returned to baseline.
Discharge medications: furosemide 40 mg daily, bisoprolol 2.5 mg daily, sacubitril-valsartan 24/26 mg twice daily.
Potassium 4.4 mmol/L at discharge. Daily weights and a low-salt diet were explained.`,
		question: 'What should be checked at the first follow-up visit?',
		labels: NOTE_TYPE_LABELS,
		keyEntities: [
			{ text: 'furosemide', type: 'Chemical' },
			{ text: 'bisoprolol', type: 'Chemical' },
			{ text: 'heart failure', type: 'Disease' }
		]
	},
	{
		id: 'triage-headache',
		title: 'Triage: sudden headache',
		category: 'symptom triage',
		note: `46-year-old woman with a sudden, severe headache that peaked within one minute while lifting.
She vomited twice. No history of migraine. Takes oral contraceptive pills.
BP 168/92. Neck is stiff on exam. GCS 15.
She took ibuprofen 400 mg with no relief.`,
		question: 'What diagnosis must be excluded first, and how?',
		labels: URGENCY_LABELS,
		keyEntities: [
			{ text: 'ibuprofen', type: 'Chemical' },
			{ text: 'headache', type: 'Disease' },
			{ text: 'migraine', type: 'Disease' }
		]
	},
	{
		id: 'lab-thyroid',
		title: 'Lab interpretation: thyroid',
		category: 'lab interpretation',
		note: `34-year-old woman with fatigue, weight gain and cold intolerance for 4 months.
TSH 11.2 mIU/L (reference 0.4-4.0). Free T4 0.7 ng/dL (reference 0.9-1.7). Anti-TPO antibodies positive.
No regular medications. Not pregnant. Her mother takes levothyroxine for hypothyroidism.`,
		question: 'What do these thyroid results mean and how is this usually treated?',
		labels: SPECIALTY_LABELS,
		keyEntities: [
			{ text: 'levothyroxine', type: 'Chemical' },
			{ text: 'fatigue', type: 'Disease' }
		]
	}
];

/** The example with this id, or undefined (ids come from URLs, so unknown ids are expected). */
export function findExample(id: string): ClinicalExample | undefined {
	return CLINICAL_EXAMPLES.find((example) => example.id === id);
}
